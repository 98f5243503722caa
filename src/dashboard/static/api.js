// Talks to the public HTTP API only. The bearer token (if the user gave one) lives in
// sessionStorage and is forwarded on every request.
const TOKEN_KEY = 'baytune.token';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A failed API call, carrying the problem's code and status, and Retry-After in ms (null without one). */
export class ApiError extends Error {
  constructor(status, code, message, field, retryAfterMs = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Retry-After in milliseconds (baytune sends whole seconds), or null when absent or not a number of seconds. */
function retryAfterMs(response) {
  const seconds = Number(response.headers.get('retry-after') ?? '');
  return response.headers.has('retry-after') && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

function headers() {
  const token = getToken();
  const result = { accept: 'application/json, application/problem+json' };
  if (token) result.authorization = `Bearer ${token}`;
  return result;
}

function urlOf(path, query = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

async function failure(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    problem = null;
  }
  const code = (problem && problem.code) || `http_${response.status}`;
  return new ApiError(response.status, code, (problem && problem.detail) || response.statusText, problem && problem.field, retryAfterMs(response));
}

/** GET a JSON body from the API; throws ApiError on a non-2xx answer. */
export async function apiGet(path, query) {
  const response = await fetch(urlOf(path, query), { headers: headers() });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Sends a JSON body with `method` (POST, PUT, PATCH); resolves to the JSON answer, throws ApiError on a non-2xx answer. */
export async function apiSend(method, path, body) {
  const response = await fetch(urlOf(path), { method, headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Downloads an API response as a file named `filename` (fetch keeps the token header). */
export async function apiDownload(path, query, filename) {
  const response = await fetch(urlOf(path, query), { headers: headers() });
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export const studiesPath = '/api/v1/studies';

export function studyPath(studyId) {
  return `${studiesPath}/${encodeURIComponent(studyId)}`;
}

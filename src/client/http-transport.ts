import { BaytuneError, errorFromResponse } from './baytune-error';

/**
 * When a failed attempt may be repeated:
 * - `idempotent`: the call has the same effect however often it arrives (GET, tell, report,
 *   heartbeat, ask with client_id + request_key): retried after 503, connection refused, resets
 *   and timeouts.
 * - `once`: a repeat could act twice (create, delete, add trial, ask without a key): retried only
 *   when the request provably did not run: connection refused, or a 503 from the server.
 */
export type RetryClass = 'idempotent' | 'once';

/** Connection settings of an HTTP client. */
export interface TransportOptions {
  /** Base URL of the server, such as `http://127.0.0.1:8080` (a trailing slash is ignored). */
  url: string;
  /** Bearer token, sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Attempts after the first one (default 4). */
  retries?: number;
  /** First backoff in milliseconds, doubled per retry up to 5 s (default 200). */
  backoffMs?: number;
  /** Per-attempt timeout in milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** One HTTP call: method, path below the base URL (already encoded), optional query and JSON body. */
export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  retry: RetryClass;
}

/** One attempt: a response (any status), or a failure before one arrived. */
type Attempt = { response: Response } | { failure: 'refused' | 'ambiguous'; error: unknown };

const MAX_BACKOFF_MS = 5000;

/** Sends JSON requests to a baytune server with bounded, class-aware retries. */
export class HttpTransport {
  private readonly base: string;

  constructor(private readonly options: TransportOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** Sends the call and returns the parsed JSON body (undefined for 204); throws BaytuneError. */
  async json<T>(call: HttpCall): Promise<T> {
    const response = await this.send(call);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BaytuneError('internal', response.status, `expected JSON from ${call.method} ${call.path}, got: ${text.slice(0, 100)}`);
    }
  }

  /** Sends the call and returns the 2xx response with its body unread; throws BaytuneError otherwise. */
  async send(call: HttpCall): Promise<Response> {
    const retries = this.options.retries ?? 4;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(call);
      const last = attempt >= retries;
      if ('response' in outcome) {
        const { response } = outcome;
        if (response.ok) return response;
        if (response.status !== 503 || last) throw await readError(response);
        await response.body?.cancel();
        await sleep(retryAfterMs(response) ?? this.backoff(attempt));
        continue;
      }
      const retryable = outcome.failure === 'refused' || call.retry === 'idempotent';
      if (!retryable || last) throw unreachable(this.base, outcome.error);
      await sleep(this.backoff(attempt));
    }
  }

  private async attempt(call: HttpCall): Promise<Attempt> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(this.urlOf(call), {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
      return { response };
    } catch (error) {
      return { failure: isRefused(error) ? 'refused' : 'ambiguous', error };
    }
  }

  private urlOf(call: HttpCall): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) params.set(key, value);
    const query = params.toString();
    return `${this.base}${call.path}${query ? `?${query}` : ''}`;
  }

  /** Exponential backoff with jitter in [0.5, 1] of the step, capped at 5 s. */
  private backoff(attempt: number): number {
    const step = Math.min(MAX_BACKOFF_MS, (this.options.backoffMs ?? 200) * 2 ** attempt);
    // NOTE: jitter spreads the retries of many workers hit by the same outage; it is client-side
    // timing only, never part of a result, so Math.random is fine here.
    return step * (0.5 + Math.random() / 2);
  }
}

async function readError(response: Response): Promise<BaytuneError> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return errorFromResponse(response.status, body, text);
}

/** Retry-After in seconds (the only form baytune sends), as milliseconds capped at 5 s. */
function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(MAX_BACKOFF_MS, seconds * 1000) : undefined;
}

/** True when fetch failed because nothing accepted the connection, so the request never ran. */
function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

function unreachable(base: string, error: unknown): BaytuneError {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new BaytuneError('unreachable', 0, `cannot reach baytune at ${base}: ${why}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

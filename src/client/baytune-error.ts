import type { ErrorCode } from '../domain/errors';

/**
 * Codes a client can see: the server's stable problem codes (domain ErrorCode) plus `unreachable`,
 * for a server that could not be reached after all retries (status 0 then).
 */
export type ClientErrorCode = ErrorCode | 'unreachable';

/**
 * Every failure a StudyClient reports, whichever implementation answered. `code` is the stable
 * problem code (switch on it, never on the message), `status` the HTTP status the server answers
 * with for that code, `field` the input to blame (such as `space.lr.low`), and `details` the
 * problem's extra data (on `trial_state_conflict`, `details.trial` is the current trial).
 */
export class BaytuneError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'BaytuneError';
  }
}

/** Codes a response without a problem body falls back to, by status. */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  409: 'trial_state_conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'storage_unavailable',
};

/**
 * Builds the error for a non-2xx response. `body` is the parsed JSON (a problem+json object when
 * the server sent one) or null; `text` is the raw body, used as message when there is no problem.
 */
export function errorFromResponse(status: number, body: unknown, text: string): BaytuneError {
  if (isProblem(body)) {
    const details = typeof body.details === 'object' && body.details !== null ? (body.details as Record<string, unknown>) : undefined;
    return new BaytuneError(
      body.code as ErrorCode,
      status,
      typeof body.detail === 'string' ? body.detail : String(body.title ?? body.code),
      typeof body.field === 'string' ? body.field : undefined,
      details,
      typeof body.request_id === 'string' ? body.request_id : undefined,
    );
  }
  const code = CODE_OF_STATUS[status] ?? 'internal';
  return new BaytuneError(code, status, `HTTP ${status}: ${text.slice(0, 200) || 'no body'}`);
}

function isProblem(body: unknown): body is Record<string, unknown> & { code: string } {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

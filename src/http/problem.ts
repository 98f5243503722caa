import type { Response } from 'express';
import { DomainError } from '../domain/errors';
import { ERROR_STATUS, ERROR_TITLE } from '../domain/error-status';

/**
 * Writes an RFC 9457 problem document: {type, title, status, code, detail, field?, details?,
 * request_id}. Never includes a stack trace. 503 answers carry Retry-After.
 */
export function sendProblem(res: Response, error: DomainError): void {
  const body = problemBody(error, res.locals.requestId as string | undefined);
  if (body.status === 503) res.setHeader('Retry-After', '2');
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** The problem document of an error (see sendProblem). */
export function problemBody(error: DomainError, requestId?: string): Record<string, unknown> & { status: number } {
  const status = ERROR_STATUS[error.code];
  const body: Record<string, unknown> & { status: number } = {
    type: `https://baytune.dev/problems/${error.code}`,
    title: ERROR_TITLE[status] ?? 'Error',
    status,
    code: error.code,
    detail: error.message,
  };
  if (error.field !== undefined) body.field = error.field;
  if (error.details !== undefined) body.details = error.details;
  if (requestId) body.request_id = requestId;
  return body;
}

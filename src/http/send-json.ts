import type { Response } from 'express';

/**
 * Answers `status` with `body` as `application/json; charset=utf-8`, headers and text in one
 * write: what express's res.json sends for a POST, without its ETag, freshness and HEAD handling
 * (none applies to a POST answer). For the hot routes, ask and tell.
 */
export function sendJson(res: Response, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

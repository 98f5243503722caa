import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { DomainError } from '../domain/errors';

/**
 * Bearer-token check for /api and /dashboard. With no tokens configured everything passes.
 * NOTE: tokens are compared as SHA-256 digests with timingSafeEqual, so neither the content nor the
 * length of a guess leaks through timing. The dashboard page itself may also pass `?token=`.
 */
export function bearerAuth(tokens: string[]): RequestHandler {
  const digests = tokens.map(digest);
  return (req, _res, next) => {
    if (digests.length === 0) return next();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const queryToken = typeof req.query.token === 'string' ? req.query.token : undefined;
    const presented = match?.[1] ?? queryToken;
    if (presented !== undefined) {
      const candidate = digest(presented.trim());
      let ok = false;
      for (const d of digests) ok = timingSafeEqual(d, candidate) || ok;
      if (ok) return next();
    }
    next(new DomainError('unauthorized', 'a valid bearer token is required (Authorization: Bearer <token>)', 'authorization'));
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

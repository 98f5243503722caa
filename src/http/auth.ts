import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { DomainError } from '../domain/errors';

/**
 * Bearer-token check for /api: `Authorization: Bearer <token>` only (P8: a token in a URL ends up
 * in logs and browser history, so no route takes `?token=`). With no tokens configured everything
 * passes. A refusal carries `WWW-Authenticate: Bearer realm="baytune"` (RFC 6750).
 * NOTE: tokens are compared as SHA-256 digests with timingSafeEqual, so neither the content nor the
 * length of a guess leaks through timing.
 */
export function bearerAuth(tokens: string[]): RequestHandler {
  const digests = tokens.map(digest);
  return (req, res, next) => {
    if (digests.length === 0) return next();
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] !== undefined) {
      const candidate = digest(match[1].trim());
      let ok = false;
      for (const d of digests) ok = timingSafeEqual(d, candidate) || ok;
      if (ok) return next();
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="baytune"');
    next(new DomainError('unauthorized', 'a valid bearer token is required (Authorization: Bearer <token>)', 'authorization'));
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

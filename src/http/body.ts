import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError } from '../domain/errors';

/**
 * JSON body parsing with the API's rules: a body must be `application/json` (else 415), at most
 * `limitBytes` long, counted as it streams so chunked bodies are capped too (else 413), and
 * well-formed JSON (else 400 malformed_json) in valid UTF-8 (else 400 invalid_request). Requests
 * without a body pass through.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, strict: true, type: () => true, verify: requireUtf8 });
  const requireJson = (req: Request, _res: Response, next: NextFunction): void => {
    if (!hasBody(req)) return next();
    if (!req.is('application/json')) {
      return next(new DomainError('unsupported_media_type', `request bodies must be application/json, not ${req.headers['content-type'] ?? 'unspecified'}`, 'content-type'));
    }
    next();
  };
  const guarded: RequestHandler = (req, res, next) => (hasBody(req) ? parse(req, res, next) : next());
  return [requireJson, guarded];
}

/** Refuses bytes that are not UTF-8 before they are decoded (a decoder would silently turn them into U+FFFD). */
function requireUtf8(_req: Request, _res: Response, buf: Buffer): void {
  if (!isUtf8(buf)) throw new DomainError('invalid_request', 'the request body is not valid UTF-8', 'body');
}

function hasBody(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Maps body-parser's errors to problems (it tags them with `type`). */
export function bodyParserError(err: unknown): DomainError | null {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') return new DomainError('payload_too_large', 'the request body is larger than the server accepts', 'body');
  if (type === 'entity.verify.failed') return new DomainError('invalid_request', 'the request body is not valid UTF-8', 'body');
  if (type === 'entity.parse.failed') return new DomainError('malformed_json', 'the request body is not valid JSON (NaN and Infinity are not JSON)', 'body');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new DomainError('unsupported_media_type', 'the request body must be UTF-8 JSON', 'content-type');
  }
  if (type === 'request.aborted' || type === 'request.size.invalid' || type === 'stream.encoding.set') {
    return new DomainError('invalid_request', 'the request body could not be read', 'body');
  }
  // A body that does not decode as its Content-Encoding says (a plain body sent as gzip): zlib's error, which body-parser passes on untyped.
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(Z_|ERR_BROTLI|ERR__ERROR|ERR_ZSTD)/.test(code)) {
    return new DomainError('invalid_request', `the request body does not decode as its Content-Encoding says (${code})`, 'content-encoding');
  }
  return null;
}

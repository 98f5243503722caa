import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError } from '../domain/errors';

/**
 * JSON body parsing with the API's rules: a body must be `application/json` (else 415), at most
 * `limitBytes` long, counted as it streams so chunked bodies are capped too (else 413), and
 * well-formed JSON (else 400 malformed_json). Requests without a body pass through.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, strict: true, type: () => true });
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

function hasBody(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Maps body-parser's errors to problems (it tags them with `type`). */
export function bodyParserError(err: unknown): DomainError | null {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') return new DomainError('payload_too_large', 'the request body is larger than the server accepts', 'body');
  if (type === 'entity.parse.failed') return new DomainError('malformed_json', 'the request body is not valid JSON (NaN and Infinity are not JSON)', 'body');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new DomainError('unsupported_media_type', 'the request body must be UTF-8 JSON', 'content-type');
  }
  if (type === 'request.aborted' || type === 'request.size.invalid' || type === 'stream.encoding.set') {
    return new DomainError('invalid_request', 'the request body could not be read', 'body');
  }
  return null;
}

import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError } from '../domain/errors';

/**
 * JSON body parsing with the API's rules: a body must be `application/json` (else 415), at most
 * `limitBytes` long, counted as it streams so chunked bodies are capped too (else 413), and
 * well-formed JSON (else 400 malformed_json). Requests without a body pass through.
 * The common request (plain UTF-8 JSON with a Content-Length within the limit) is read by
 * readPlainJson; every other one (chunked, compressed, another charset, too long) by body-parser,
 * whose error tags both share.
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
  const guarded: RequestHandler = (req, res, next) => {
    if (!hasBody(req)) return next();
    const length = plainLength(req, limitBytes);
    return length === null ? parse(req, res, next) : readPlainJson(req, length, next);
  };
  return [requireJson, guarded];
}

function hasBody(req: Request): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

const PLAIN_JSON = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * The Content-Length of a request readPlainJson can take (UTF-8 JSON, not encoded, not chunked,
 * at most `limitBytes`), else null.
 */
function plainLength(req: Request, limitBytes: number): number | null {
  const { 'content-type': type, 'content-encoding': encoding, 'content-length': length, 'transfer-encoding': chunked } = req.headers;
  if (chunked !== undefined || length === undefined || !/^\d{1,10}$/.test(length)) return null;
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return null;
  if (type === undefined || !PLAIN_JSON.test(type)) return null;
  const bytes = Number(length);
  return bytes <= limitBytes ? bytes : null;
}

/** An error tagged as body-parser tags its own, so bodyParserError maps both alike. */
function tagged(message: string, type: string): Error {
  return Object.assign(new Error(message), { type });
}

/**
 * Reads `length` bytes of UTF-8 JSON into req.body as body-parser's strict mode would: a leading
 * byte order mark is dropped, the text must start with `{` or `[` after whitespace, and a body
 * shorter than announced (the client went away) is an aborted request.
 */
function readPlainJson(req: Request, length: number, next: NextFunction): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (error?: Error): void => {
    if (settled) return;
    settled = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('aborted', onAborted);
    req.removeListener('error', onError);
    next(error);
  };
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    received += chunk.length;
  };
  const onEnd = (): void => {
    if (received !== length) return settle(tagged('request size did not match content length', 'request.size.invalid'));
    const text = Buffer.concat(chunks, received).toString('utf8').replace(/^\uFEFF/, '');
    const first = /^[ \t\n\r]*(.)/s.exec(text)?.[1];
    if (first !== '{' && first !== '[') return settle(tagged('JSON bodies must be an object or an array', 'entity.parse.failed'));
    try {
      req.body = JSON.parse(text) as unknown;
    } catch (error) {
      return settle(tagged((error as Error).message, 'entity.parse.failed'));
    }
    settle();
  };
  const onAborted = (): void => settle(tagged('request aborted', 'request.aborted'));
  const onError = (error: Error): void => settle(Object.assign(error, { type: 'request.aborted' }));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('aborted', onAborted);
  req.on('error', onError);
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

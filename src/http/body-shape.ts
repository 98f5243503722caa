import { DomainError } from '../domain/errors';
import { RESERVED_NAMES } from '../domain/space';

/** NOTE: how deeply a JSON body may nest; the API's own shapes need 5 levels, user_attrs get the rest. */
export const MAX_BODY_DEPTH = 32;

/**
 * Checks every key and string of a parsed JSON body without recursion (so a 10,000-deep body costs
 * no stack): nesting at most MAX_BODY_DEPTH levels, no RESERVED_NAMES key (`__proto__` would
 * change an object's prototype instead of adding a key), and text that stores alike everywhere:
 * well-formed UTF-16 (no lone surrogate, which SQLite would store as U+FFFD) and no U+0000
 * (SQLite stores it, PostgreSQL refuses it). Throws DomainError('invalid_request') naming the
 * dotted path of the first offending key or value ('body' for the body itself).
 */
export function checkBodyShape(body: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path, depth } = item;
    if (typeof value === 'string') checkText(value, path);
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) throw bad(path, `"${path || 'body'}" nests deeper than ${MAX_BODY_DEPTH} levels`);
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      checkText(key, childPath);
      if (RESERVED_NAMES.has(key)) throw bad(childPath, `"${key}" cannot be used as a name`);
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
}

/** With the `u` flag a surrogate pair reads as one code point, so \p{Cs} matches only lone surrogates. */
const LONE_SURROGATE = /\p{Cs}/u;

function checkText(text: string, path: string): void {
  if (text.includes('\u0000')) throw bad(path, `"${path || 'body'}" contains a NUL character, which no database stores alike`);
  if (LONE_SURROGATE.test(text)) throw bad(path, `"${path || 'body'}" is not well-formed Unicode (a lone surrogate)`);
}

function bad(path: string, message: string): DomainError {
  return new DomainError('invalid_request', message, path || 'body');
}

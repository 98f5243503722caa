import { DomainError } from './errors';

/** Limits of a user-attribute patch (PATCH of a study or a trial). */
export const USER_ATTRS_LIMITS = {
  /** Keys one patch may name. */
  maxPatchKeys: 100,
  /** Characters of one key. */
  maxKeyLength: 200,
  /** UTF-8 bytes of the whole user_attrs object after the patch, as JSON. */
  maxStoredBytes: 65_536,
} as const;

/**
 * A JSON merge patch (RFC 7396, one level) applied to user attributes: each key of `patch` replaces
 * the stored one, a null value removes it; the other keys and their order stay. Returns a new
 * object; user-chosen keys go through a Map, never onto a prototype.
 */
export function mergeUserAttrsPatch(stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = new Map<string, unknown>(Object.entries(stored));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

/**
 * Checks a patch against USER_ATTRS_LIMITS, given the attributes it applies to. Throws
 * DomainError('invalid_request') naming `user_attrs` or `user_attrs.<key>`.
 */
export function checkUserAttrsPatch(stored: Record<string, unknown>, patch: Record<string, unknown>): void {
  const keys = Object.keys(patch);
  if (keys.length === 0) throw new DomainError('invalid_request', 'user_attrs names no key to set or remove', 'user_attrs');
  if (keys.length > USER_ATTRS_LIMITS.maxPatchKeys) {
    throw new DomainError('invalid_request', `user_attrs names ${keys.length} keys; at most ${USER_ATTRS_LIMITS.maxPatchKeys} per patch`, 'user_attrs');
  }
  const long = keys.find((key) => key.length === 0 || key.length > USER_ATTRS_LIMITS.maxKeyLength);
  if (long !== undefined) {
    throw new DomainError('invalid_request', `user attribute keys must have 1 to ${USER_ATTRS_LIMITS.maxKeyLength} characters`, `user_attrs.${long.slice(0, 40)}`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(mergeUserAttrsPatch(stored, patch)));
  if (bytes > USER_ATTRS_LIMITS.maxStoredBytes) {
    throw new DomainError('invalid_request', `user_attrs would take ${bytes} bytes as JSON; at most ${USER_ATTRS_LIMITS.maxStoredBytes}`, 'user_attrs');
  }
}

/**
 * 32-bit FNV-1a, the one string/word hash of the code base (seeds derived from keys, history
 * keys, point fingerprints). Not cryptographic: only used where a collision costs a cache miss
 * or a repeated draw, never correctness.
 */

/** The FNV-1a 32-bit offset basis: the hash of no input. */
export const FNV1A_OFFSET = 0x811c9dc5;

/** One FNV-1a step: xor in `word` (read as 32 bits), multiply by the FNV prime; an int32. */
export function fnv1aStep(hash: number, word: number): number {
  return Math.imul(hash ^ word, 0x01000193);
}

/** FNV-1a over the UTF-16 code units of `text`, continuing from `hash`; an unsigned 32-bit hash. */
export function fnv1aText(text: string, hash: number = FNV1A_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = fnv1aStep(h, text.charCodeAt(i));
  return h >>> 0;
}

/**
 * out[outOffset + j] += a * src[srcOffset + j] for j < length: an axpy on slices of flat row-major
 * arrays (a row of a block, or a whole vector). Subtracting is adding -a: the same numbers, since
 * negation is exact in floating point.
 */
export function addScaled(a: number, src: Float64Array, srcOffset: number, out: Float64Array, outOffset = 0, length = out.length - outOffset): void {
  for (let j = 0; j < length; j++) out[outOffset + j] = (out[outOffset + j] as number) + a * (src[srcOffset + j] as number);
}

/**
 * Whether a and b hold the same numbers in their first `count` entries; by default in all of them,
 * which also requires equal lengths (a missing entry never equals a number).
 */
export function sameEntries(a: Float64Array, b: Float64Array, count = Math.max(a.length, b.length)): boolean {
  for (let f = 0; f < count; f++) if (a[f] !== b[f]) return false;
  return true;
}

/**
 * A string that equals another vector's key exactly when the two hold the same bits in every
 * entry (two characters per 16 bits), for memoising a pure function of a vector in a Map.
 * NOTE: 0 and -0 (and NaNs of different payloads) get different keys: a memo then misses, never errs.
 */
export function entriesKey(x: Float64Array): string {
  // NOTE: one fromCharCode over the words (a flat string), not a concatenation per word: a key and
  // a Map lookup of 6 entries took 430-560 ns against 930 ns.
  return String.fromCharCode.apply(null, new Uint16Array(x.buffer, x.byteOffset, x.length * 4) as unknown as number[]);
}

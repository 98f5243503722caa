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

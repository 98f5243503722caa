import { Rng } from './rng';
import { JOE_KUO_ROWS } from './sobol-direction-numbers';

const BITS = 32;
const TWO_POW_32 = 4294967296;

/** Largest dimension SobolSequence supports: van der Corput plus one per Joe-Kuo row. */
export const SOBOL_MAX_DIMENSION = JOE_KUO_ROWS.length + 1;

/**
 * A scrambled Sobol sequence in [0, 1)^dim (32-bit digits, Joe-Kuo direction numbers).
 *
 * Scrambling is linear matrix scrambling (a random lower-triangular binary matrix with unit diagonal
 * multiplies each dimension's generating matrix, Matousek 1998) followed by a random digital shift;
 * both come from `new Rng(seed)`, so a seed names one sequence. Scrambling keeps the (t, m, s)-net
 * structure (any 2^m consecutive points from index k*2^m stratify like the plain sequence), removes
 * the plain sequence's point at the origin and makes the points uniform in distribution.
 *
 * Point n (from 0) is the Gray-code ordered point; `next()` returns point `index` and advances,
 * `skip(n)` moves forward by n points in O(dim * 32).
 */
export class SobolSequence {
  readonly dim: number;
  private readonly directions: Uint32Array[];
  private readonly shift: Uint32Array;
  private readonly state: Uint32Array;
  private index = 0;

  /**
   * @param dim number of coordinates, 1..SOBOL_MAX_DIMENSION
   * @param seed seeds the scramble; any finite number
   */
  constructor(dim: number, seed: number) {
    if (!Number.isInteger(dim) || dim < 1 || dim > SOBOL_MAX_DIMENSION) {
      throw new RangeError(`Sobol dimension must be an integer in [1, ${SOBOL_MAX_DIMENSION}] (got ${dim})`);
    }
    this.dim = dim;
    const rng = new Rng(seed);
    this.directions = [];
    this.shift = new Uint32Array(dim);
    for (let j = 0; j < dim; j++) {
      this.directions.push(scrambleDirections(plainDirections(j), rng));
      this.shift[j] = rng.nextUint32();
    }
    this.state = new Uint32Array(this.shift);
  }

  /** Index of the point the next call to `next()` returns. */
  get position(): number {
    return this.index;
  }

  /** The point at the current index (each coordinate in [0, 1)); advances the index by one. */
  next(): Float64Array {
    const out = new Float64Array(this.dim);
    for (let j = 0; j < this.dim; j++) out[j] = (this.state[j] as number) / TWO_POW_32;
    this.index++;
    const bit = lowestZeroBit(this.index - 1);
    if (bit < BITS) {
      for (let j = 0; j < this.dim; j++) this.state[j] = ((this.state[j] as number) ^ ((this.directions[j] as Uint32Array)[bit] as number)) >>> 0;
    }
    return out;
  }

  /** Advances by n >= 0 points (so the next `next()` returns point position + n). */
  skip(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`skip needs a non-negative integer (got ${n})`);
    this.seek(this.index + n);
  }

  /** Moves to point `index` (0 <= index < 2^32) directly, via its Gray code. */
  seek(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= TWO_POW_32) throw new RangeError(`Sobol index out of range: ${index}`);
    const gray = (index ^ Math.floor(index / 2)) >>> 0;
    for (let j = 0; j < this.dim; j++) {
      let x = this.shift[j] as number;
      const v = this.directions[j] as Uint32Array;
      for (let b = 0; b < BITS; b++) if ((gray >>> b) & 1) x ^= v[b] as number;
      this.state[j] = x >>> 0;
    }
    this.index = index;
  }
}

/** Index (from 0) of the lowest zero bit of a non-negative integer below 2^32; 32 when all are ones. */
function lowestZeroBit(n: number): number {
  let b = 0;
  let m = n >>> 0;
  while (b < BITS && (m & 1) === 1) {
    m >>>= 1;
    b++;
  }
  return b;
}

/** Direction numbers v[0..31] of dimension j (0-based), as 32-bit integers (digit 1 in bit 31). */
function plainDirections(j: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (j === 0) {
    for (let i = 0; i < BITS; i++) v[i] = (2 ** (BITS - 1 - i)) >>> 0;
    return v;
  }
  const row = JOE_KUO_ROWS[j - 1] as readonly number[];
  const s = row[0] as number;
  const a = row[1] as number;
  for (let i = 0; i < s && i < BITS; i++) v[i] = ((row[2 + i] as number) * 2 ** (BITS - 1 - i)) >>> 0;
  for (let i = s; i < BITS; i++) {
    let x = ((v[i - s] as number) ^ ((v[i - s] as number) >>> s)) >>> 0;
    for (let k = 1; k < s; k++) {
      if ((a >>> (s - 1 - k)) & 1) x = (x ^ (v[i - k] as number)) >>> 0;
    }
    v[i] = x;
  }
  return v;
}

/**
 * Left-multiplies the generating matrix (columns v[i], digit d at bit 31 - d) by a random
 * lower-triangular binary matrix L with unit diagonal: output digit d = parity(L_d AND v).
 */
function scrambleDirections(v: Uint32Array, rng: Rng): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let d = 0; d < BITS; d++) {
    const below = d === 0 ? 0 : (rng.nextUint32() & ~((2 ** (BITS - d)) - 1)) >>> 0;
    rows[d] = (below | (2 ** (BITS - 1 - d))) >>> 0;
  }
  const out = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    let col = 0;
    for (let d = 0; d < BITS; d++) {
      if (parity(((rows[d] as number) & (v[i] as number)) >>> 0)) col = (col | (2 ** (BITS - 1 - d))) >>> 0;
    }
    out[i] = col;
  }
  return out;
}

function parity(x: number): number {
  let y = x ^ (x >>> 16);
  y ^= y >>> 8;
  y ^= y >>> 4;
  y ^= y >>> 2;
  y ^= y >>> 1;
  return y & 1;
}

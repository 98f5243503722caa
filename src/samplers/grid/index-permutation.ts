import { mixSeeds } from '../../core/rng';

const ROUNDS = 4;

/**
 * A seeded pseudo-random bijection of [0, size), evaluated one index at a time (nothing is
 * materialised, so it works for a 2^30 or 2^300 grid): a balanced Feistel network over the
 * smallest even bit width covering `size`, with cycle walking to stay below `size`.
 * NOTE: the width is at most 4x size (one extra bit, rounded up to even), so cycle walking takes
 * fewer than 4 network evaluations on average.
 */
export class IndexPermutation {
  private readonly halfBits: bigint;
  private readonly mask: bigint;

  constructor(
    private readonly size: bigint,
    private readonly key: number,
  ) {
    let bits = 0;
    while (1n << BigInt(bits) < size) bits++;
    const half = Math.max(1, Math.ceil(bits / 2));
    this.halfBits = BigInt(half);
    this.mask = (1n << this.halfBits) - 1n;
  }

  /** The image of index, 0 <= index < size. */
  at(index: bigint): bigint {
    if (this.size <= 1n) return index;
    let x = this.network(index);
    while (x >= this.size) x = this.network(x);
    return x;
  }

  private network(x: bigint): bigint {
    let left = x >> this.halfBits;
    let right = x & this.mask;
    for (let round = 0; round < ROUNDS; round++) {
      const next = left ^ this.roundFunction(right, round);
      left = right;
      right = next;
    }
    return (left << this.halfBits) | right;
  }

  /** A keyed hash of `value` with halfBits bits, built from 32-bit words. */
  private roundFunction(value: bigint, round: number): bigint {
    const words: number[] = [];
    for (let v = value; v > 0n || words.length === 0; v >>= 32n) words.push(Number(v & 0xffffffffn));
    let out = 0n;
    for (let filled = 0n, w = 0; filled < this.halfBits; filled += 32n, w++) {
      out = (out << 32n) | BigInt(mixSeeds(this.key, round, w, ...words));
    }
    return out & this.mask;
  }
}

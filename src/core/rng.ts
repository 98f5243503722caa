import { FNV1A_OFFSET, fnv1aStep } from './fnv1a';

/**
 * Seeded pseudo-random numbers (sfc32 seeded through splitmix32). Core code never calls
 * Math.random: every random choice comes from an Rng, so the same seed gives the same result.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  /** @param seed any finite number; its low 32 bits and its integer part seed the stream. */
  constructor(seed: number) {
    let s = hashSeed(seed);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1), 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform on [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer on [0, n), n >= 1. */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }

  /** Standard normal draw (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u <= Number.MIN_VALUE) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** A stream in this one's exact state: it gives the same draws as this one will, independently. */
  copy(): Rng {
    const twin = Object.create(Rng.prototype) as Rng;
    Object.assign(twin, this);
    return twin;
  }

  /** A new independent stream derived from this one (advances this stream by one draw). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

/** Mixes numbers into one 32-bit seed; used to derive a per-ask seed from (study seed, trial count, ...). */
export function mixSeeds(...parts: number[]): number {
  let h = FNV1A_OFFSET;
  for (const p of parts) {
    h = fnv1aStep(h, hashSeed(p));
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function hashSeed(seed: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
  let h = Math.imul(lo ^ 0x5bd1e995, 0x27d4eb2d) ^ Math.imul(hi + 0x165667b1, 0x9e3779b1);
  h ^= h >>> 15;
  return h >>> 0;
}

import fc from 'fast-check';
import { Rng } from '../../../src/core/rng';
import { SOBOL_MAX_DIMENSION, SobolSequence } from '../../../src/core/sobol';

/** Squared L2-star discrepancy of points in [0,1)^d (Warnock's closed form). */
function l2StarDiscrepancySq(points: Float64Array[]): number {
  const n = points.length;
  const d = (points[0] as Float64Array).length;
  let single = 0;
  for (const p of points) {
    let prod = 1;
    for (let k = 0; k < d; k++) prod *= (1 - (p[k] as number) ** 2) / 2;
    single += prod;
  }
  let pair = 0;
  for (const p of points) {
    for (const q of points) {
      let prod = 1;
      for (let k = 0; k < d; k++) prod *= 1 - Math.max(p[k] as number, q[k] as number);
      pair += prod;
    }
  }
  return 3 ** -d - (2 / n) * single + pair / (n * n);
}

function take(seq: SobolSequence, n: number): Float64Array[] {
  return Array.from({ length: n }, () => seq.next());
}

describe('SobolSequence', () => {
  it('supports at least the 100 parameters of SPACE_LIMITS', () => {
    expect(SOBOL_MAX_DIMENSION).toBeGreaterThanOrEqual(100);
    const point = new SobolSequence(SOBOL_MAX_DIMENSION, 1).next();
    expect(point).toHaveLength(SOBOL_MAX_DIMENSION);
  });

  it('has lower L2-star discrepancy than seeded random points (256 points, 5 dims)', () => {
    const sobol = l2StarDiscrepancySq(take(new SobolSequence(5, 7), 256));
    const rng = new Rng(7);
    const random = l2StarDiscrepancySq(Array.from({ length: 256 }, () => Float64Array.from({ length: 5 }, () => rng.next())));
    expect(sobol).toBeLessThan(random / 5);
  });

  it('stratifies every one-dimensional projection of 2^m points in each of 100 dimensions', () => {
    const points = take(new SobolSequence(100, 3), 64);
    for (let k = 0; k < 100; k++) {
      const cells = new Set(points.map((p) => Math.floor((p[k] as number) * 64)));
      expect(cells.size).toBe(64);
    }
  });

  it('keeps the (0, m, 2)-net property of its first two dimensions after scrambling', () => {
    const points = take(new SobolSequence(2, 11), 256);
    for (let a = 0; a <= 8; a++) {
      const boxes = new Set(points.map((p) => `${Math.floor((p[0] as number) * 2 ** a)}:${Math.floor((p[1] as number) * 2 ** (8 - a))}`));
      expect(boxes.size).toBe(256);
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(take(new SobolSequence(4, 5), 10)).toEqual(take(new SobolSequence(4, 5), 10));
    expect(take(new SobolSequence(4, 5), 10)).not.toEqual(take(new SobolSequence(4, 6), 10));
  });

  it('skip and seek land on the same points as stepping', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 5000 }), fc.integer(), (dim, n, seed) => {
        const stepped = new SobolSequence(dim, seed);
        for (let i = 0; i < n; i++) stepped.next();
        const skipped = new SobolSequence(dim, seed);
        skipped.skip(n);
        expect(skipped.position).toBe(n);
        expect(skipped.next()).toEqual(stepped.next());
      }),
      { numRuns: 40 },
    );
  });

  it('yields distinct points inside the unit cube', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer(), (dim, seed) => {
        const points = take(new SobolSequence(dim, seed), 128);
        expect(points.flatMap((p) => Array.from(p)).filter((x) => !(x >= 0 && x < 1))).toEqual([]);
        expect(new Set(points.map((p) => Array.from(p).join(','))).size).toBe(128);
      }),
      { numRuns: 25 },
    );
  });

  it('rejects dimensions it has no direction numbers for', () => {
    expect(() => new SobolSequence(0, 1)).toThrow(RangeError);
    expect(() => new SobolSequence(SOBOL_MAX_DIMENSION + 1, 1)).toThrow(RangeError);
  });
});

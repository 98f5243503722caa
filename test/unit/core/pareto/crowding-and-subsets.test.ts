import fc from 'fast-check';
import { crowdingDistances } from '../../../../src/core/pareto/crowding-distance';
import { hypervolume } from '../../../../src/core/pareto/hypervolume';
import { greedyHypervolumeSubset, hypervolumeContributions, referencePointOf } from '../../../../src/core/pareto/hypervolume-subset';

describe('crowding distance', () => {
  it('gives the ends Infinity and inner points the normalised gap of their neighbours', () => {
    const front = [
      [0, 4],
      [1, 2],
      [3, 1],
      [4, 0],
    ];
    const d = crowdingDistances(front);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo((3 - 0) / 4 + (4 - 1) / 4);
    expect(d[2]).toBeCloseTo((4 - 1) / 4 + (2 - 0) / 4);
  });

  it('is Infinity for fronts of one or two points and ignores a constant objective', () => {
    expect(crowdingDistances([])).toEqual([]);
    expect(crowdingDistances([[1, 2]])).toEqual([Infinity]);
    expect(crowdingDistances([[1, 2], [2, 1]])).toEqual([Infinity, Infinity]);
    const flat = crowdingDistances([[0, 5], [1, 5], [3, 5]]);
    expect(flat[1]).toBeCloseTo(1);
  });

  it('is non-negative, invariant to scaling an objective, and larger for a lonelier point', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 3, maxLength: 12 }), (points) => {
        const d = crowdingDistances(points);
        // Scaling by a power of two is exact: by 7, two values 1 ulp apart could round to one,
        // and the tie moves the boundary (found by fast-check: 0.9999999999999988, ...87).
        const scaled = crowdingDistances(points.map(([a, b]) => [a * 8, b]));
        d.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(0);
          if (Number.isFinite(x)) expect(scaled[i]).toBeCloseTo(x, 9);
        });
      }),
    );
    const d = crowdingDistances([[0, 1], [0.1, 0.9], [0.2, 0.8], [0.8, 0.2], [1, 0]]);
    expect(d[3]).toBeGreaterThan(d[1]!);
  });
});

describe('hypervolume subsets', () => {
  it('puts the reference 10% past the worst value (a tiny margin at 0)', () => {
    expect(referencePointOf([[1, -2], [0, -4]])).toEqual([1.1, -1.8]);
    expect(referencePointOf([[0, 0]])[0]).toBeGreaterThan(0);
  });

  it('contributions: exclusive volumes, 0 for dominated points and duplicates', () => {
    const points = [[1, 3], [2, 2], [3, 1], [3, 3], [2, 2]];
    const c = hypervolumeContributions(points, [4, 4]);
    expect(c[0]).toBeCloseTo(1);
    expect(c[2]).toBeCloseTo(1);
    expect(c[1]).toBeCloseTo(0);
    expect(c[3]).toBe(0);
    expect(hypervolumeContributions([[1, 3], [2, 2], [3, 1]], [4, 4])[1]).toBeCloseTo(1);
  });

  it('greedy subset picks the largest volume first and stays within 1 - 1/e of the best subset (brute force)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 2, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (points, k) => {
        const reference = [1.1, 1.1, 1.1];
        const picked = greedyHypervolumeSubset(points, k, reference);
        expect(new Set(picked).size).toBe(Math.min(k, points.length));
        let best = 0;
        for (let mask = 1; mask < 1 << points.length; mask++) {
          const subset = points.filter((_, i) => mask & (1 << i));
          if (subset.length === Math.min(k, points.length)) best = Math.max(best, hypervolume(subset, reference));
        }
        expect(hypervolume(picked.map((i) => points[i]!), reference)).toBeGreaterThanOrEqual((1 - 1 / Math.E) * best - 1e-12);
      }),
      { numRuns: 60 },
    );
    expect(greedyHypervolumeSubset([[0.5, 0.5], [0, 1], [1, 0]], 1, [1.1, 1.1])).toEqual([0]);
  });
});

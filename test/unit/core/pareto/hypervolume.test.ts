import fc from 'fast-check';
import { hypervolume } from '../../../../src/core/pareto/hypervolume';

/** Brute force: split space on every coordinate and add the cells some point weakly dominates. */
function cellSum(points: number[][], reference: number[]): number {
  const m = reference.length;
  const axes = reference.map((r, k) => [...new Set([...points.map((p) => p[k]!).filter((v) => v < r), r])].sort((a, b) => a - b));
  let total = 0;
  const walk = (k: number, lower: number[], size: number): void => {
    if (k === m) {
      if (points.some((p) => p.every((v, i) => v <= lower[i]!))) total += size;
      return;
    }
    const axis = axes[k]!;
    for (let i = 0; i + 1 < axis.length; i++) walk(k + 1, [...lower, axis[i]!], size * (axis[i + 1]! - axis[i]!));
  };
  walk(0, [], 1);
  return total;
}

describe('hypervolume', () => {
  test.each([2, 3, 4])('matches the brute-force cell sum with %i objectives', (m) => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: m, maxLength: m }), { maxLength: 12 }), (points) => {
        const reference = new Array<number>(m).fill(5);
        expect(hypervolume(points, reference)).toBeCloseTo(cellSum(points, reference), 9);
      }),
      { numRuns: 150 },
    );
  });

  test('known values', () => {
    expect(hypervolume([[0, 0]], [1, 1])).toBe(1);
    expect(hypervolume([[0, 0.5], [0.5, 0]], [1, 1])).toBeCloseTo(0.75, 12);
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    expect(hypervolume([[2, 0]], [1, 1])).toBe(0);
  });
});

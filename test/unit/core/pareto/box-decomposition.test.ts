import fc from 'fast-check';
import { nonDominatedBoxes } from '../../../../src/core/pareto/box-decomposition';
import { hypervolume } from '../../../../src/core/pareto/hypervolume';
import { dominates } from '../../../../src/domain/objectives';
import { Rng } from '../../../../src/core/rng';

/** Volume of the boxes clipped below at `floor` (their lower bounds may be -Infinity). */
function clippedVolume(boxes: ReturnType<typeof nonDominatedBoxes>, floor: number[]): number {
  let total = 0;
  for (let k = 0; k < boxes.count; k++) {
    let v = 1;
    for (let j = 0; j < boxes.m; j++) v *= Math.max(0, (boxes.upper[k * boxes.m + j] as number) - Math.max(boxes.lower[k * boxes.m + j] as number, floor[j] as number));
    total += v;
  }
  return total;
}

function inBox(boxes: ReturnType<typeof nonDominatedBoxes>, k: number, z: number[]): boolean {
  return z.every((v, j) => v > (boxes.lower[k * boxes.m + j] as number) && v < (boxes.upper[k * boxes.m + j] as number));
}

const points = (m: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(fc.integer({ min: 0, max: 12 }).map((v) => v / 4), { minLength: m, maxLength: m }), { maxLength: 9 });

describe('nonDominatedBoxes', () => {
  it.each([1, 2, 3, 4])('tiles exactly the non-dominated part of [floor, reference] (%i objectives): volumes add up', (m) => {
    const reference = Array.from({ length: m }, () => 3);
    const floor = Array.from({ length: m }, () => -1);
    fc.assert(
      fc.property(points(m), (ps) => {
        const boxes = nonDominatedBoxes(ps, reference);
        const free = 4 ** m - hypervolume(ps, reference);
        expect(clippedVolume(boxes, floor)).toBeCloseTo(free, 9);
      }),
      { seed: 13, numRuns: 150 },
    );
  });

  it('puts a random point in exactly one box when no front point dominates it, in none otherwise (3 objectives)', () => {
    const rng = new Rng(5);
    const reference = [1, 1, 1];
    for (let run = 0; run < 30; run++) {
      const ps = Array.from({ length: 1 + rng.int(8) }, () => [rng.next(), rng.next(), rng.next()]);
      const boxes = nonDominatedBoxes(ps, reference);
      for (let s = 0; s < 200; s++) {
        const z = [rng.uniform(-0.5, 1), rng.uniform(-0.5, 1), rng.uniform(-0.5, 1)];
        const dominated = ps.some((p) => dominates(p, z) || p.every((v, j) => v <= (z[j] as number)));
        const hits = Array.from({ length: boxes.count }, (_, k) => inBox(boxes, k, z)).filter(Boolean).length;
        expect(hits).toBe(dominated ? 0 : 1);
      }
    }
  });

  it('gives P + 1 boxes for a 2-objective front of P points and one box for no points', () => {
    expect(nonDominatedBoxes([[0, 2], [1, 1], [2, 0]], [3, 3]).count).toBe(4);
    const empty = nonDominatedBoxes([], [1, 2]);
    expect(empty.count).toBe(1);
    expect(Array.from(empty.upper)).toEqual([1, 2]);
    expect(Array.from(empty.lower)).toEqual([-Infinity, -Infinity]);
  });
});

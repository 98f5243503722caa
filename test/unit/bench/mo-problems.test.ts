import { constraintSlacks, constraintViolations, isFeasible } from '../../../src/domain/objectives';
import { validateSpace } from '../../../src/core/space';
import { BNH, BRANIN_DISK, GARDNER, SRN } from '../../../bench/problems/constrained';
import { BRANIN_CURRIN, DTLZ2, MIXED, ZDT1, currin } from '../../../bench/problems/multi-objective';
import { MO_BENCH_PROBLEMS } from '../../../bench/problems';
import type { ProblemBase } from '../../../bench/problems/problem';
import type { Params } from '../../../src/domain/space';

/** The metrics of a problem at a point, in spec order (objectives, then constraints). */
function at(problem: ProblemBase, params: Params): number[] {
  const values = problem.evaluate(params);
  return [...problem.spec.objectives, ...problem.spec.constraints].map((m) => values.get(m.name) as number);
}

const feasible = (problem: ProblemBase, params: Params): boolean => isFeasible(constraintViolations(problem.spec, problem.evaluate(params)));
const zeros = (names: string[], value: number): Params => Object.fromEntries(names.map((n) => [n, value]));

describe('bench:mo problems at known points', () => {
  it('every problem has a valid space, and its spec names exactly the metrics evaluate returns', () => {
    for (const problem of MO_BENCH_PROBLEMS) {
      expect(() => validateSpace(problem.space)).not.toThrow();
      const params = Object.fromEntries(Object.entries(problem.space).map(([n, s]) => [n, s.type === 'categorical' ? s.choices[0]! : s.low]));
      const names = [...problem.spec.objectives, ...problem.spec.constraints].map((m) => m.name).sort();
      expect([...problem.evaluate(params).keys()].sort()).toEqual(names);
    }
  });

  it('BraninCurrin: Branin minimum at (pi + 5, 2.275) / 15; Currin 3 at the origin, 4.0053 at (1, 1)', () => {
    expect(at(BRANIN_CURRIN, { x0: (Math.PI + 5) / 15, x1: 2.275 / 15 })[0]).toBeCloseTo(0.397887357729738, 9);
    expect(currin(0, 0)).toBeCloseTo(3, 12);
    expect(at(BRANIN_CURRIN, { x0: 1, x1: 1 })[1]).toBeCloseTo(4.005316104976526, 9);
  });

  it('ZDT1: on the front (x2..x6 = 0) f2 = 1 - sqrt(f1); off it, g = 10 at x2..x6 = 1', () => {
    for (const t of [0, 0.04, 0.25, 0.81, 1]) expect(at(ZDT1, { ...zeros(['x1', 'x2', 'x3', 'x4', 'x5'], 0), x0: t })).toEqual([t, 1 - Math.sqrt(t)]);
    expect(at(ZDT1, { ...zeros(['x1', 'x2', 'x3', 'x4', 'x5'], 1), x0: 0.25 })[1]).toBeCloseTo(8.418861169915811, 12);
  });

  it('DTLZ2: on the unit sphere when x3..x6 = 0.5, radius 2 when they are 0; (1, 0, 0) at the origin angle', () => {
    for (const [a, b] of [[0.1, 0.7], [0.5, 0.5], [0.9, 0.2]] as const) {
      const f = at(DTLZ2, { ...zeros(['x2', 'x3', 'x4', 'x5'], 0.5), x0: a, x1: b });
      expect(Math.hypot(...f)).toBeCloseTo(1, 12);
      expect(f.every((v) => v >= 0)).toBe(true);
      expect(Math.hypot(...at(DTLZ2, { ...zeros(['x2', 'x3', 'x4', 'x5'], 0), x0: a, x1: b }))).toBeCloseTo(2, 12);
    }
    const corner = at(DTLZ2, { ...zeros(['x2', 'x3', 'x4', 'x5'], 0.5), x0: 0, x1: 0 });
    expect(corner[0]).toBeCloseTo(1, 12);
    expect(corner[1]).toBeCloseTo(0, 12);
    expect(corner[2]).toBeCloseTo(0, 12);
  });

  it('mixed: category c at its bowls (x 0.3 to 0.5, k 6) with y = 0.7; y elsewhere adds 2 (y - 0.7)^2 to both', () => {
    expect(at(MIXED, { x: 0.3, y: 0.7, k: 6, c: 'c' }).map((v) => +v.toFixed(12))).toEqual([0.12, 0.16]);
    expect(at(MIXED, { x: 0.5, y: 0.7, k: 6, c: 'c' }).map((v) => +v.toFixed(12))).toEqual([0.16, 0.12]);
    expect(at(MIXED, { x: 0.3, y: 0.2, k: 6, c: 'c' }).map((v) => +v.toFixed(12))).toEqual([0.62, 0.66]);
    expect(at(MIXED, { x: 0.2, y: 0.7, k: 3, c: 'a' })[0]).toBeCloseTo(0, 12);
    expect(at(MIXED, { x: 0.1, y: 0.7, k: 2, c: 'b' })[1]).toBeCloseTo(0, 12);
  });

  it("Gardner: f* = -2 at (3 pi / 2, 0), feasible (c = cos(x0 + x1) = 0); c = 1 > 0.5 at the origin, slack 0.5", () => {
    const star = at(GARDNER, { x0: (3 * Math.PI) / 2, x1: 0 });
    expect(star[0]).toBeCloseTo(GARDNER.fStar, 12);
    expect(star[1]).toBeCloseTo(0, 12);
    expect(feasible(GARDNER, { x0: (3 * Math.PI) / 2, x1: 0 })).toBe(true);
    expect(at(GARDNER, { x0: 1.3, x1: 2.1 })[1]).toBeCloseTo(Math.cos(3.4), 12);
    expect(constraintSlacks(GARDNER.spec, GARDNER.evaluate({ x0: 0, x1: 0 }))).toEqual([0.5]);
  });

  it('Branin with the disk: (pi, 2.275) feasible at f*, the other two Branin minimisers outside the disk', () => {
    expect(at(BRANIN_DISK, { x0: Math.PI, x1: 2.275 })[0]).toBeCloseTo(BRANIN_DISK.fStar, 9);
    expect(at(BRANIN_DISK, { x0: Math.PI, x1: 2.275 })[1]).toBeCloseTo((Math.PI - 2.5) ** 2 + 5.225 ** 2, 12);
    expect(feasible(BRANIN_DISK, { x0: Math.PI, x1: 2.275 })).toBe(true);
    expect(feasible(BRANIN_DISK, { x0: -Math.PI, x1: 12.275 })).toBe(false);
    expect(feasible(BRANIN_DISK, { x0: 3 * Math.PI, x1: 2.475 })).toBe(false);
  });

  it('BNH: (0, 0) -> f (0, 50), c1 25 (on its bound: feasible), c2 73; (5, 3) -> f (136, 4), c1 9, c2 45', () => {
    expect(at(BNH, { x0: 0, x1: 0 })).toEqual([0, 50, 25, 73]);
    expect(at(BNH, { x0: 5, x1: 3 })).toEqual([136, 4, 9, 45]);
    expect(feasible(BNH, { x0: 0, x1: 0 })).toBe(true);
    expect(constraintSlacks(BNH.spec, BNH.evaluate({ x0: 0, x1: 0 }))).toEqual([0, 7.7 - 73]);
    expect(feasible(BNH, { x0: 5, x1: 3 })).toBe(true);
    expect(feasible(BNH, { x0: 0, x1: 3 })).toBe(false);
  });

  it('SRN: its Pareto set x0 = -2.5 starts at x1 = 2.5 (f (24.5, -24.75), c2 on its bound); c1 > 225 past radius 15', () => {
    expect(at(SRN, { x0: -2.5, x1: 2.5 })).toEqual([24.5, -24.75, 12.5, 0]);
    expect(feasible(SRN, { x0: -2.5, x1: 2.5 })).toBe(true);
    expect(feasible(SRN, { x0: -2.5, x1: 2.4 })).toBe(false);
    expect(feasible(SRN, { x0: -12, x1: 10 })).toBe(false);
  });
});

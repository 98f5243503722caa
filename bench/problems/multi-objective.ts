import type { Params } from '../../src/domain/space';
import { branin } from '../functions';
import { coordinates, floatBox, metrics, minimized, type ParetoProblem, type ProblemBase } from './problem';

/** A Pareto problem before its true hypervolume is attached (dense-grid ones: bench/problems/true-fronts.json). */
export type ParetoDefinition = ProblemBase & { reference: number[] };

/** Currin's exponential function on [0, 1]^2 (at x2 = 0 the exponential factor is 1). */
export function currin(x1: number, x2: number): number {
  const factor = 1 - Math.exp(-1 / (2 * x2));
  return (factor * (2300 * x1 ** 3 + 1900 * x1 ** 2 + 2092 * x1 + 60)) / (100 * x1 ** 3 + 500 * x1 ** 2 + 4 * x1 + 20);
}

/** BraninCurrin on [0, 1]^2: [Branin at (15 x1 - 5, 15 x2), Currin at (x1, x2)], both minimised. */
export function braninCurrin(x1: number, x2: number): [number, number] {
  return [branin(15 * x1 - 5, 15 * x2), currin(x1, x2)];
}

/** ZDT1 on [0, 1]^n: f1 = x1, g = 1 + 9 mean(x2..xn), f2 = g (1 - sqrt(f1 / g)); front g = 1, f2 = 1 - sqrt(f1). */
export function zdt1(x: readonly number[]): [number, number] {
  const f1 = x[0] as number;
  const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
  return [f1, g * (1 - Math.sqrt(f1 / g))];
}

/**
 * DTLZ2 with m objectives on [0, 1]^n, angles t_j = x_j pi / 2 and g = sum over the last n - m + 1
 * coordinates of (x - 1/2)^2; for m = 3: f1 = (1 + g) cos t1 cos t2, f2 = (1 + g) cos t1 sin t2,
 * f3 = (1 + g) sin t1. The front (g = 0) is the unit sphere's positive orthant.
 */
export function dtlz2(x: readonly number[], m: number): number[] {
  const g = x.slice(m - 1).reduce((s, v) => s + (v - 0.5) ** 2, 0);
  const angle = (j: number): number => ((x[j] as number) * Math.PI) / 2;
  return Array.from({ length: m }, (_, i) => {
    let f = 1 + g;
    for (let j = 0; j < m - 1 - i; j++) f *= Math.cos(angle(j));
    return i > 0 ? f * Math.sin(angle(m - 1 - i)) : f;
  });
}

/** Per category of the mixed problem: the centres of the two objectives' bowls in (x, k / 10) and their floors. */
const MIXED_BOWLS = new Map<string, { centre1: [number, number]; centre2: [number, number]; floor1: number; floor2: number }>([
  ['a', { centre1: [0.2, 0.3], centre2: [0.8, 0.7], floor1: 0, floor2: 0.05 }],
  ['b', { centre1: [0.6, 0.9], centre2: [0.1, 0.2], floor1: 0.05, floor2: 0 }],
  ['c', { centre1: [0.3, 0.6], centre2: [0.5, 0.6], floor1: 0.12, floor2: 0.12 }],
]);

/**
 * The mixed problem: for category c, f1 = |(x, k/10) - centre1_c|^2 + floor1_c + h and
 * f2 = |(x, k/10) - centre2_c|^2 + floor2_c + h with h = 2 (y - 0.7)^2. Each category's front is the
 * segment between its centres (sampled at the ten steps of k); 'a' holds the low-f1 end of the
 * global front, 'b' the low-f2 end, 'c' (close centres, higher floors) the middle.
 */
export function mixedBowls(params: Params): [number, number] {
  const bowl = MIXED_BOWLS.get(params.c as string);
  if (!bowl) throw new Error(`mixed problem: unknown category ${String(params.c)}`);
  const point = [params.x as number, (params.k as number) / 10];
  const h = 2 * ((params.y as number) - 0.7) ** 2;
  const distance2 = (centre: [number, number]): number => (point[0]! - centre[0]) ** 2 + (point[1]! - centre[1]) ** 2;
  return [distance2(bowl.centre1) + bowl.floor1 + h, distance2(bowl.centre2) + bowl.floor2 + h];
}

const objectives = (values: readonly number[]): Map<string, number> => metrics(values.map((v, i) => [`f${i + 1}`, v]));

/** BraninCurrin; reference (18, 6) as in BoTorch's test problem; true hypervolume by dense grid. */
export const BRANIN_CURRIN: ParetoDefinition = {
  name: 'branin_currin',
  about: 'BraninCurrin on [0,1]^2, 2 objectives',
  space: floatBox(2, 0, 1),
  spec: { objectives: minimized(2), constraints: [] },
  evaluate: (p) => objectives(braninCurrin(p.x0 as number, p.x1 as number)),
  reference: [18, 6],
};

/**
 * The mixed-space problem: x, y floats on [0, 1], k an int on [0, 10], c a categorical of a, b, c.
 * Reference (1, 1). NOTE: h = 2 (y - 0.7)^2 is added to both objectives and is 0 only at y = 0.7, so
 * every front point has y = 0.7: the dense enumeration fixes y there and enumerates x, k and c.
 */
export const MIXED: ParetoDefinition = {
  name: 'mixed',
  about: 'mixed space (2 floats, an int, a categorical), 2 objectives',
  space: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 }, k: { type: 'int', low: 0, high: 10 }, c: { type: 'categorical', choices: ['a', 'b', 'c'] } },
  spec: { objectives: minimized(2), constraints: [] },
  evaluate: (p) => objectives(mixedBowls(p)),
  reference: [1, 1],
};

/** ZDT1's hypervolume for a reference r with r1, r2 >= 1: r1 r2 minus the area under the front, 1/3. */
export function zdt1Hypervolume(reference: readonly [number, number]): number {
  return reference[0] * reference[1] - 1 / 3;
}

/** DTLZ2's hypervolume for a reference (r, ..., r), r >= 1, in 3 objectives: r^3 minus the unit ball's octant, pi / 6. */
export function dtlz2Hypervolume3(r: number): number {
  return r ** 3 - Math.PI / 6;
}

/** A problem of `f`'s objectives (all minimised, named f1, f2, ...) on the unit cube [0, 1]^dimension, judged against `reference`. */
function unitCubeDefinition(name: string, dimension: number, f: (x: readonly number[]) => number[], reference: number[]): ParetoDefinition {
  return {
    name,
    about: `${name.toUpperCase()} on [0,1]^${dimension}, ${reference.length} objectives`,
    space: floatBox(dimension, 0, 1),
    spec: { objectives: minimized(reference.length), constraints: [] },
    evaluate: (p) => objectives(f(coordinates(p, dimension))),
    reference,
  };
}

/** ZDT1 (2 objectives) in `dimension` dimensions, judged against `reference` (2 entries). */
export function zdt1Definition(dimension: number, reference: [number, number]): ParetoDefinition {
  return unitCubeDefinition('zdt1', dimension, zdt1, reference);
}

/** DTLZ2 with 3 objectives in `dimension` dimensions, judged against `reference` (3 entries). */
export function dtlz2Definition(dimension: number, reference: [number, number, number]): ParetoDefinition {
  return unitCubeDefinition('dtlz2', dimension, (x) => dtlz2(x, 3), reference);
}

/**
 * ZDT1 in 6-D; reference (11, 11) as BoTorch's ZDT problems use: HV = 121 - 1/3. NOTE: with (1.1, 1.1)
 * no sampler of main put a single point inside the box in 100 evaluations (8 seeds: all gaps equal),
 * which ranks nothing.
 */
export const ZDT1: ParetoProblem = {
  ...zdt1Definition(6, [11, 11]),
  kind: 'pareto',
  trueHypervolume: zdt1Hypervolume([11, 11]),
  hypervolumeSource: 'analytic',
};

/** DTLZ2 in 6-D with 3 objectives; reference (1.1, 1.1, 1.1): HV = 1.331 - pi / 6. */
export const DTLZ2: ParetoProblem = {
  ...dtlz2Definition(6, [1.1, 1.1, 1.1]),
  kind: 'pareto',
  trueHypervolume: dtlz2Hypervolume3(1.1),
  hypervolumeSource: 'analytic',
};

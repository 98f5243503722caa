import type { Params, SearchSpace } from '../src/domain/space';

/** A benchmark objective: minimise `evaluate` over `space`; `fStar` is its known minimum. */
export interface BenchmarkFunction {
  name: string;
  space: SearchSpace;
  fStar: number;
  evaluate(params: Params): number;
  /** True where an evaluation crashes (the trial is told FAIL and has no value); absent: never. */
  fails?(params: Params): boolean;
}

const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];

/** Hartmann-6 at x in [0, 1]^6; minimum -3.32237 near (0.2017, 0.15, 0.4769, 0.2753, 0.3117, 0.6573). */
export function hartmann6(x: number[]): number {
  let total = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += (HARTMANN_A[i]![j] as number) * ((x[j] as number) - (HARTMANN_P[i]![j] as number) * 1e-4) ** 2;
    total -= (HARTMANN_ALPHA[i] as number) * Math.exp(-inner);
  }
  return total;
}

/** Branin-Hoo on x1 in [-5, 10], x2 in [0, 15]. */
export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

/** Ackley (a = 20, b = 0.2, c = 2 pi); minimum 0 at the origin. */
export function ackley(x: number[]): number {
  const d = x.length;
  const sq = x.reduce((s, v) => s + v * v, 0) / d;
  const cos = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / d;
  return -20 * Math.exp(-0.2 * Math.sqrt(sq)) - Math.exp(cos) + 20 + Math.E;
}

/** Rastrigin; minimum 0 at the origin, a regular grid of local minima around it. */
export function rastrigin(x: number[]): number {
  return x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 10 * x.length);
}

/**
 * Levy; minimum 0 at (1, ..., 1). Smooth, with a grid of local minima of slowly growing depth along
 * every axis (sin^2 terms) on a bowl.
 */
export function levy(x: number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const last = w[w.length - 1] as number;
  let s = Math.sin(Math.PI * (w[0] as number)) ** 2 + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
  for (let i = 0; i + 1 < w.length; i++) s += ((w[i] as number) - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * (w[i] as number) + 1) ** 2);
  return s;
}

/** Rosenbrock; minimum 0 at (1, ..., 1). */
export function rosenbrock(x: number[]): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * ((x[i + 1] as number) - (x[i] as number) ** 2) ** 2 + (1 - (x[i] as number)) ** 2;
  return s;
}

function floats(names: string[], low: number, high: number): SearchSpace {
  return Object.fromEntries(names.map((n) => [n, { type: 'float' as const, low, high }]));
}

function vector(params: Params, names: string[]): number[] {
  return names.map((n) => params[n] as number);
}

const X = (d: number): string[] => Array.from({ length: d }, (_, i) => `x${i}`);
const MIXED_OFFSET: Record<string, number> = { a: 0.4, b: 0, c: 0.8 };

/** The regret suite of issue 3, each on exactly its stated domain. */
export const BENCHMARK_FUNCTIONS: readonly BenchmarkFunction[] = [
  { name: 'branin', space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } }, fStar: 0.397887357729738, evaluate: (p) => branin(p.x0 as number, p.x1 as number) },
  { name: 'hartmann6', space: floats(X(6), 0, 1), fStar: -3.322368011415515, evaluate: (p) => hartmann6(vector(p, X(6))) },
  { name: 'ackley5', space: floats(X(5), -5, 10), fStar: 0, evaluate: (p) => ackley(vector(p, X(5))) },
  { name: 'rosenbrock4', space: floats(X(4), -5, 10), fStar: 0, evaluate: (p) => rosenbrock(vector(p, X(4))) },
  {
    name: 'mixed_hartmann',
    space: { ...floats(X(4), 0, 1), k4: { type: 'int', low: 0, high: 20 }, k5: { type: 'int', low: 0, high: 20 }, c: { type: 'categorical', choices: ['a', 'b', 'c'] } },
    fStar: -3.314194812202251,
    evaluate: (p) => hartmann6([...vector(p, X(4)), (p.k4 as number) / 20, (p.k5 as number) / 20]) + (MIXED_OFFSET[p.c as string] as number),
  },
];

const BRANIN = BENCHMARK_FUNCTIONS[0] as BenchmarkFunction;

/**
 * Wider and harder functions (issue 10), in bench:regret's default list after the suite above:
 * Ackley in 10-D, Rastrigin in 20-D on [-5.12, 5.12] (shifted by 0.5 in every coordinate so the
 * optimum is not the centre of the box, where space-filling designs put a point), Levy in 8-D on
 * [-10, 10] shifted by 1.7 (optimum at x = 2.7 in every coordinate, off the centre), and Branin with a
 * failure region (x0 > 5 and x1 < 5 crash: the study sees FAIL there; its optimum at (9.42, 2.47)
 * lies inside, so the reachable minimum is 0.397887 at (-pi, 12.275) or (pi, 2.275)).
 */
export const EXTRA_FUNCTIONS: readonly BenchmarkFunction[] = [
  { name: 'ackley10', space: floats(X(10), -5, 10), fStar: 0, evaluate: (p) => ackley(vector(p, X(10))) },
  { name: 'rastrigin20', space: floats(X(20), -5.12, 5.12), fStar: 0, evaluate: (p) => rastrigin(vector(p, X(20)).map((v) => v - 0.5)) },
  { name: 'levy8', space: floats(X(8), -10, 10), fStar: 0, evaluate: (p) => levy(vector(p, X(8)).map((v) => v - 1.7)) },
  { ...BRANIN, name: 'branin_fail', fails: (p) => (p.x0 as number) > 5 && (p.x1 as number) < 5 },
];

/**
 * Further failure regions, known by name only (held out from the changes that branin_fail guided):
 * Hartmann6 where x5 > 0.7 crashes, so its optimum (x5 = 0.657) lies just inside the feasible side,
 * as the best learning rate often lies just below the one that diverges; Branin with a crashing
 * disc of radius 3 around (2.5, 7.5), inside the space and clear of all three minima; Ackley5 where
 * x0 + x1 > 10 crashes (a corner, as large batch times large model runs out of memory; the optimum
 * at 0 is far from it); and Rosenbrock4 where x0 > 1.5 crashes (the optimum, x0 = 1, lies a thirtieth
 * of the range inside, along a curved valley). The last two were held out of the stand-in change
 * (model.ts, STAND_IN_NOISE) until it was chosen.
 */
export const FAILURE_CHECKS: readonly BenchmarkFunction[] = [
  { ...(BENCHMARK_FUNCTIONS[1] as BenchmarkFunction), name: 'hartmann6_fail', fails: (p) => (p.x5 as number) > 0.7 },
  { ...BRANIN, name: 'branin_hole', fails: (p) => ((p.x0 as number) - 2.5) ** 2 + ((p.x1 as number) - 7.5) ** 2 < 9 },
  { ...(BENCHMARK_FUNCTIONS[2] as BenchmarkFunction), name: 'ackley5_corner', fails: (p) => (p.x0 as number) + (p.x1 as number) > 10 },
  { ...(BENCHMARK_FUNCTIONS[3] as BenchmarkFunction), name: 'rosenbrock4_edge', fails: (p) => (p.x0 as number) > 1.5 },
];

/**
 * High-dimensional checks known by name only (not in bench:regret's default list), for changes
 * aimed at many parameters (Thompson sampling in 20-D): Rosenbrock in 20-D on [-5, 10] (optimum
 * (1, ..., 1), off the centre; a curved valley with a heavy tail) and the axis-weighted sum of
 * squares sum_i i (x_i - 2.5)^2 in 20-D on [-10, 10] (a smooth, unimodal, ill-conditioned bowl, off
 * the centre).
 */
export const HIGH_D_CHECKS: readonly BenchmarkFunction[] = [
  { name: 'rosenbrock20', space: floats(X(20), -5, 10), fStar: 0, evaluate: (p) => rosenbrock(vector(p, X(20))) },
  { name: 'sum_squares20', space: floats(X(20), -10, 10), fStar: 0, evaluate: (p) => vector(p, X(20)).reduce((s, v, i) => s + (i + 1) * (v - 2.5) ** 2, 0) },
];

/** Six-hump camel on [-3, 3] x [-2, 2]; two global minima -1.0316285 at (0.0898, -0.7126) and (-0.0898, 0.7126). */
function sixHumpCamel(x: number, y: number): number {
  return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
}

/** Goldstein-Price on [-2, 2]^2; minimum 3 at (0, -1), values up to about 1e6 (a heavy right tail). */
function goldsteinPrice(x: number, y: number): number {
  const a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
  const b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
  return a * b;
}

/** Styblinski-Tang; minimum -39.16617 d at x_i = -2.903534, off the centre of [-5, 5]^d. */
function styblinskiTang(x: number[]): number {
  return x.reduce((s, v) => s + (v ** 4 - 16 * v * v + 5 * v) / 2, 0);
}

/** Michalewicz with m = 10 on [0, pi]^d: steep narrow valleys; minimum about -4.687658 for d = 5. */
function michalewicz(x: number[]): number {
  return -x.reduce((s, v, i) => s + Math.sin(v) * Math.sin(((i + 1) * v * v) / Math.PI) ** 20, 0);
}

const SHEKEL_C = [0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5];
const SHEKEL_A = [[4, 4, 4, 4], [1, 1, 1, 1], [8, 8, 8, 8], [6, 6, 6, 6], [3, 7, 3, 7], [2, 9, 2, 9], [5, 5, 3, 3], [8, 1, 8, 1], [6, 2, 6, 2], [7, 3.6, 7, 3.6]];

/** Shekel (m = 10) on [0, 10]^4: ten narrow wells on a flat plain; minimum -10.536443 near (4, 4, 4, 4). */
function shekel(x: number[]): number {
  let s = 0;
  for (let i = 0; i < 10; i++) s -= 1 / ((SHEKEL_C[i] as number) + x.reduce((t, v, j) => t + (v - (SHEKEL_A[i]![j] as number)) ** 2, 0));
  return s;
}

/**
 * Classic functions held out from every tuning (known by name only): checks that the engine is not
 * fitted to the suite. Two 2-D ones (six-hump camel; Goldstein-Price, with a tail of 1e6), Styblinski-Tang
 * in 4-D, Michalewicz in 5-D (m = 10: narrow valleys on a flat plain), Shekel-10 in 4-D (narrow wells).
 */
export const HELD_OUT_CHECKS: readonly BenchmarkFunction[] = [
  { name: 'six_hump_camel', space: { x0: { type: 'float', low: -3, high: 3 }, x1: { type: 'float', low: -2, high: 2 } }, fStar: -1.031628453489877, evaluate: (p) => sixHumpCamel(p.x0 as number, p.x1 as number) },
  { name: 'goldstein_price', space: floats(X(2), -2, 2), fStar: 3, evaluate: (p) => goldsteinPrice(p.x0 as number, p.x1 as number) },
  { name: 'styblinski_tang4', space: floats(X(4), -5, 5), fStar: -39.16616570377142 * 4, evaluate: (p) => styblinskiTang(vector(p, X(4))) },
  { name: 'michalewicz5', space: floats(X(5), 0, Math.PI), fStar: -4.687658179004161, evaluate: (p) => michalewicz(vector(p, X(5))) },
  { name: 'shekel4', space: floats(X(4), 0, 10), fStar: -10.536409816692, evaluate: (p) => shekel(vector(p, X(4))) },
];

/** The function of a name (any list); throws listing the known names. */
export function benchmarkFunction(name: string): BenchmarkFunction {
  const all = [...BENCHMARK_FUNCTIONS, ...EXTRA_FUNCTIONS, ...FAILURE_CHECKS, ...HIGH_D_CHECKS, ...HELD_OUT_CHECKS];
  const f = all.find((b) => b.name === name);
  if (!f) throw new Error(`unknown function "${name}"; known: ${all.map((b) => b.name).join(', ')}`);
  return f;
}

import { constraintViolations, isFeasible, lossVector } from '../../src/domain/objectives';
import type { ParamValue, Params } from '../../src/domain/space';
import type { ParetoDefinition } from './multi-objective';

/** For each parameter of a space, the values a dense enumeration visits. */
export type DenseGrid = Record<string, readonly ParamValue[]>;

/** `count` evenly spaced values from low to high, both included (count >= 2). */
export function linspace(low: number, high: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? high : low + ((high - low) * i) / (count - 1)));
}

/** Calls `visit` with every combination of the grid's values (the cartesian product), last parameter fastest. */
export function forEachGridPoint(grid: DenseGrid, visit: (params: Params) => void): void {
  const names = Object.keys(grid);
  const lists = names.map((n) => grid[n] as readonly ParamValue[]);
  const index = new Array<number>(names.length).fill(0);
  for (;;) {
    visit(Object.fromEntries(names.map((n, j) => [n, lists[j]![index[j]!]!])));
    let j = names.length - 1;
    while (j >= 0 && ++index[j]! === lists[j]!.length) index[j--] = 0;
    if (j < 0) return;
  }
}

/** A feasible evaluated point: its params and 2-objective loss vector. */
interface Candidate {
  params: Params;
  losses: [number, number];
}

/** The non-dominated candidates: sorted by f1, then a sweep keeping strict f2 descents. */
function nondominated2d(points: Candidate[]): Candidate[] {
  points.sort((a, b) => a.losses[0] - b.losses[0] || a.losses[1] - b.losses[1]);
  const front: Candidate[] = [];
  for (const p of points) if (front.length === 0 || p.losses[1] < front[front.length - 1]!.losses[1]) front.push(p);
  return front;
}

/** What a dense enumeration of a 2-objective problem found. */
export interface DenseFront {
  /** Hypervolume of the feasible points found against the problem's reference (a lower bound of the true one). */
  hypervolume: number;
  evaluations: number;
  /** Non-dominated feasible points strictly below the reference. */
  frontSize: number;
}

/** Candidates kept before reducing them to their non-dominated set (or twice the last front, if larger). */
const REDUCE_AT = 200_000;

/** Sub-steps per grid step in a refinement round: the local grid spans one step either side of a front point. */
const REFINE_STEPS = 5;

/**
 * Evaluates a 2-objective problem at every grid point, then `refinements` times around each
 * non-dominated point (a local grid over the float parameters, one current step either side, at a
 * fifth of the step), and returns the hypervolume of the feasible points found (losses from
 * lossVector, feasibility from constraintViolations, as a study computes them). NOTE: the
 * refinement matters: the hypervolume of n front points misses about (range1 x range2) / 2n of
 * staircase, so a plain grid converges only as 1 / (points per axis). Memory stays bounded: the
 * candidates are reduced to their non-dominated set whenever they pass REDUCE_AT.
 */
export function denseFront(problem: ParetoDefinition, grid: DenseGrid, refinements = 0): DenseFront {
  if (problem.reference.length !== 2) throw new Error('denseFront: 2 objectives only');
  const [r1, r2] = problem.reference as [number, number];
  let candidates: Candidate[] = [];
  let evaluations = 0;
  let limit = REDUCE_AT;
  const visit = (params: Params): void => {
    evaluations++;
    const values = problem.evaluate(params);
    if (!isFeasible(constraintViolations(problem.spec, values))) return;
    const losses = lossVector(problem.spec, values) as [number, number];
    if (losses[0] < r1 && losses[1] < r2) candidates.push({ params, losses });
    if (candidates.length > limit) {
      candidates = nondominated2d(candidates);
      limit = Math.max(REDUCE_AT, 2 * candidates.length);
    }
  };
  forEachGridPoint(grid, visit);
  let steps = floatSteps(problem, grid);
  for (let round = 0; round < refinements; round++) {
    const front = nondominated2d(candidates);
    candidates = front.slice();
    for (const point of front) forEachGridPoint(localGrid(problem, point.params, steps), visit);
    steps = new Map([...steps].map(([name, step]) => [name, step / REFINE_STEPS]));
  }
  const front = nondominated2d(candidates);
  return { hypervolume: staircaseArea(front, r1, r2), evaluations, frontSize: front.length };
}

/**
 * The area a front dominates below (r1, r2), for a front as nondominated2d returns it (f1 rising,
 * f2 falling): the sum of its steps. NOTE: core/pareto's hypervolume gives the same figure but first
 * filters the points in O(n^2), too slow for the 10^5 points of a refined front.
 */
function staircaseArea(front: readonly Candidate[], r1: number, r2: number): number {
  let area = 0;
  let ceiling = r2;
  for (const { losses } of front) {
    area += (r1 - losses[0]) * (ceiling - losses[1]);
    ceiling = losses[1];
  }
  return area;
}

/** The spacing of each float parameter the grid enumerates at two or more values. */
function floatSteps(problem: ParetoDefinition, grid: DenseGrid): Map<string, number> {
  const steps = new Map<string, number>();
  for (const [name, values] of Object.entries(grid)) {
    if (problem.space[name]?.type === 'float' && values.length > 1) steps.set(name, (values[1] as number) - (values[0] as number));
  }
  return steps;
}

/** Around `params`: each refined float from one step below to one step above at a fifth of the step, inside its bounds; the others as they are. */
function localGrid(problem: ParetoDefinition, params: Params, steps: ReadonlyMap<string, number>): DenseGrid {
  const grid: Record<string, ParamValue[]> = {};
  for (const [name, value] of Object.entries(params)) {
    const step = steps.get(name);
    const spec = problem.space[name];
    if (step === undefined || spec?.type !== 'float') {
      grid[name] = [value];
      continue;
    }
    const around = Array.from({ length: 2 * REFINE_STEPS + 1 }, (_, k) => (value as number) + (step * (k - REFINE_STEPS)) / REFINE_STEPS);
    grid[name] = around.filter((v) => v >= spec.low && v <= spec.high);
  }
  return grid;
}

import type { ObjectiveSpec } from '../../src/domain/objectives';
import type { Params, SearchSpace } from '../../src/domain/space';

/**
 * A problem of the multi-objective benchmark (issue 13), stated as a study would state it: a
 * search space, the objectives and outcome constraints (`spec`, in the API's terms), and
 * `evaluate`, which returns every metric the spec names (objectives and constraint metrics, in
 * their own units) as a Map, exactly what a tell's `values` would carry.
 */
export interface ProblemBase {
  name: string;
  /** One line: where the problem comes from and what its constraints are. */
  about: string;
  space: SearchSpace;
  spec: ObjectiveSpec;
  evaluate(params: Params): Map<string, number>;
}

/**
 * Several objectives (all minimised): judged by the hypervolume of the feasible points against
 * `reference` (a loss vector, one entry per objective), whose best value is `trueHypervolume`.
 */
export interface ParetoProblem extends ProblemBase {
  kind: 'pareto';
  reference: number[];
  trueHypervolume: number;
  /** How trueHypervolume is known: 'analytic', or 'dense grid' (bench/problems/true-fronts.json). */
  hypervolumeSource: 'analytic' | 'dense grid';
}

/** One objective with outcome constraints: judged by the regret of the best feasible value against `fStar`. */
export interface ConstrainedProblem extends ProblemBase {
  kind: 'constrained';
  /** The best feasible value of the objective (its loss: the objective is minimised). */
  fStar: number;
}

export type MoBenchProblem = ParetoProblem | ConstrainedProblem;

/** `count` float parameters x0..x{count-1} on [low, high]. */
export function floatBox(count: number, low: number, high: number): SearchSpace {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`x${i}`, { type: 'float' as const, low, high }]));
}

/** The values of x0..x{count-1}, in order. */
export function coordinates(params: Params, count: number): number[] {
  return Array.from({ length: count }, (_, i) => params[`x${i}`] as number);
}

/** The metrics of a list of named values, as a Map (metric names never meet plain objects). */
export function metrics(entries: [string, number][]): Map<string, number> {
  return new Map(entries);
}

/** Minimised objectives named f1, f2, ... (the spec's objectives part). */
export function minimized(count: number): ObjectiveSpec['objectives'] {
  return Array.from({ length: count }, (_, i) => ({ name: `f${i + 1}`, direction: 'minimize' as const }));
}

import {
  DEFAULT_OBJECTIVE_NAME, constraintViolations, isFeasible, isMultiObjective, lossVector, paretoFrontIndices, type ObjectiveSpec,
} from './objectives';
import type { TrialState } from './trial';

/**
 * True for a study made with the `direction` shorthand (or its exact equivalent): one objective
 * named `value` and no constraints. Such a study's trials are stored as before objectives existed,
 * by `value` alone; their `values` read as `{"value": value}`.
 */
export function isPlainValueSpec(spec: ObjectiveSpec): boolean {
  return spec.objectives.length === 1 && spec.objectives[0]!.name === DEFAULT_OBJECTIVE_NAME && spec.constraints.length === 0;
}

/** The own entries of a trial's `values` as a Map (never a key inherited from Object.prototype), or null. */
export function trialMetrics(values: Readonly<Record<string, number>> | null): Map<string, number> | null {
  return values === null ? null : new Map(Object.entries(values));
}

/** A Map of metrics as a null-prototype record (so a metric named `constructor` is just a key). */
export function metricRecord(metrics: ReadonlyMap<string, number>): Record<string, number> {
  const record = Object.create(null) as Record<string, number>;
  for (const [name, v] of metrics) record[name] = v;
  return record;
}

/**
 * What a finished trial keeps of its metrics: `value` is the objective on a single-objective study
 * and null on a multi-objective one; `feasible` says whether every constraint holds (null when
 * unknown: only the objective of a constrained study is known).
 */
export interface TrialOutcome {
  value: number | null;
  values: Record<string, number>;
  feasible: boolean | null;
}

/** The outcome of a trial told `metrics`, which name every objective and constraint of `spec`. */
export function outcomeOf(spec: ObjectiveSpec, metrics: ReadonlyMap<string, number>): TrialOutcome {
  const first = metrics.get(spec.objectives[0]!.name);
  if (first === undefined) throw new Error(`outcomeOf: no value for objective '${spec.objectives[0]!.name}'`);
  return {
    value: isMultiObjective(spec) ? null : first,
    values: metricRecord(metrics),
    feasible: isFeasible(constraintViolations(spec, metrics)),
  };
}

/** The outcome of a single-objective trial known only by its objective's value: feasible unknown under constraints. */
export function objectiveOutcome(spec: ObjectiveSpec, value: number): TrialOutcome {
  return {
    value,
    values: metricRecord(new Map([[spec.objectives[0]!.name, value]])),
    feasible: spec.constraints.length === 0 ? true : null,
  };
}

/** What paretoFront reads of a trial. */
export interface FrontCandidate {
  number: number;
  state: TrialState;
  values: Record<string, number> | null;
  feasible: boolean | null;
}

/**
 * The Pareto front of a study's trials: the feasible COMPLETE ones whose objectives no other such
 * trial dominates (equal ones all kept), in trial-number order. On a single-objective study, the
 * trial(s) with the best feasible value. Trials missing an objective value are left out.
 */
export function paretoFront<T extends FrontCandidate>(spec: ObjectiveSpec, trials: readonly T[]): T[] {
  const candidates: T[] = [];
  const losses: number[][] = [];
  for (const trial of trials) {
    if (trial.state !== 'COMPLETE' || trial.feasible !== true) continue;
    const metrics = trialMetrics(trial.values);
    if (metrics === null || !spec.objectives.every((o) => metrics.has(o.name))) continue;
    candidates.push(trial);
    losses.push(lossVector(spec, metrics));
  }
  return paretoFrontIndices(losses).map((i) => candidates[i]!).sort((a, b) => a.number - b.number);
}

import type { Direction } from './study';
import { DomainError } from './errors';

/** One objective of a study: a named metric and whether lower or higher is better. */
export interface Objective {
  name: string;
  direction: Direction;
}

/**
 * An outcome constraint on a named metric: the trial is feasible for it when `min <= v <= max`
 * (either bound may be absent, not both). Bounds are inclusive and in the metric's own units.
 */
export interface OutcomeConstraint {
  name: string;
  min?: number;
  max?: number;
}

/**
 * What a study optimises: 1 to MAX_OBJECTIVES objectives, 0 to MAX_CONSTRAINTS constraints, all
 * names distinct. A study created with only `direction` has one objective named `value`.
 */
export interface ObjectiveSpec {
  objectives: Objective[];
  constraints: OutcomeConstraint[];
}

export const MAX_OBJECTIVES = 4;
export const MAX_CONSTRAINTS = 8;
/** The name of the single objective of a study created with the `direction` shorthand. */
export const DEFAULT_OBJECTIVE_NAME = 'value';

/** The spec of a study created with the `direction` shorthand: one objective `value`, no constraints. */
export function singleObjective(direction: Direction): ObjectiveSpec {
  return { objectives: [{ name: DEFAULT_OBJECTIVE_NAME, direction }], constraints: [] };
}

/** True when the study has more than one objective (no single "best" trial; a Pareto front instead). */
export function isMultiObjective(spec: ObjectiveSpec): boolean {
  return spec.objectives.length > 1;
}

/** Every metric a tell must name, objectives first, then constraints, in spec order. */
export function metricNames(spec: ObjectiveSpec): string[] {
  return [...spec.objectives.map((o) => o.name), ...spec.constraints.map((c) => c.name)];
}

/**
 * An objective value as a loss (lower is better): negated for `maximize`. Samplers, pruners and
 * every "which is better" comparison work on losses, so none of them carries a direction. Its own
 * inverse: toLoss(toLoss(v, d), d) = v.
 */
export function toLoss(value: number, direction: Direction): number {
  return direction === 'maximize' ? -value : value;
}

/**
 * The objectives of a trial as losses (lower is better), in objective order: each value negated
 * for `maximize`. `values` must hold every objective (see checkMetricValues).
 */
export function lossVector(spec: ObjectiveSpec, values: ReadonlyMap<string, number>): number[] {
  return spec.objectives.map((o) => {
    const v = values.get(o.name);
    if (v === undefined) throw new Error(`lossVector: no value for objective '${o.name}'`);
    return toLoss(v, o.direction);
  });
}

/**
 * How far each constraint is violated, in constraint order and in the metric's units: 0 when it
 * holds, else the distance to the nearest bound (> 0). Feasible means every entry is 0.
 */
export function constraintViolations(spec: ObjectiveSpec, values: ReadonlyMap<string, number>): number[] {
  return spec.constraints.map((c) => {
    const v = values.get(c.name);
    if (v === undefined) throw new Error(`constraintViolations: no value for constraint '${c.name}'`);
    return Math.max(0, c.min === undefined ? 0 : c.min - v, c.max === undefined ? 0 : v - c.max);
  });
}

/**
 * Each constraint in "g(x) <= 0 holds" form, in constraint order: `v - max` for an upper bound,
 * `min - v` for a lower bound, the larger of the two when both are set. Unlike the violation this
 * keeps the slack of satisfied constraints (negative), which is what a surrogate model needs.
 */
export function constraintSlacks(spec: ObjectiveSpec, values: ReadonlyMap<string, number>): number[] {
  return spec.constraints.map((c) => {
    const v = values.get(c.name);
    if (v === undefined) throw new Error(`constraintSlacks: no value for constraint '${c.name}'`);
    return Math.max(c.min === undefined ? -Infinity : c.min - v, c.max === undefined ? -Infinity : v - c.max);
  });
}

/** True when every violation is 0 (an empty list is feasible). */
export function isFeasible(violations: readonly number[]): boolean {
  return violations.every((v) => v <= 0);
}

/**
 * Pareto dominance on loss vectors of equal length: `a` is no worse in every entry and strictly
 * better in at least one. Irreflexive, asymmetric and transitive.
 */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) strictly = true;
  }
  return strictly;
}

/** A point of an objective space with its constraint violations (see constraintViolations). */
export interface ScoredOutcome {
  losses: readonly number[];
  violations: readonly number[];
}

/**
 * Constrained domination (Deb 2000): a feasible outcome beats an infeasible one; of two infeasible
 * ones, the smaller total violation wins; of two feasible ones, Pareto dominance decides.
 */
export function constrainedDominates(a: ScoredOutcome, b: ScoredOutcome): boolean {
  return dominatesGivenViolations(a, totalViolation(a.violations), b, totalViolation(b.violations));
}

/** constrainedDominates with the total violations va of `a` and vb of `b` already summed. */
function dominatesGivenViolations(a: ScoredOutcome, va: number, b: ScoredOutcome, vb: number): boolean {
  if (va === 0 && vb > 0) return true;
  if (va > 0) return vb > va;
  return vb === 0 && dominates(a.losses, b.losses);
}

/** The sum of violations (0 when feasible). */
export function totalViolation(violations: readonly number[]): number {
  let total = 0;
  for (const v of violations) total += Math.max(0, v);
  return total;
}

/**
 * Indices of the non-dominated loss vectors, in input order. Equal vectors do not dominate each
 * other, so duplicates on the front are all kept. Visits the vectors in lexicographic order (a
 * dominating vector comes first) and compares each only with the front so far (what dominates a
 * dominated vector is itself beaten by a front member): O(n log n + n f m) for a front of f.
 */
export function paretoFrontIndices(points: readonly (readonly number[])[]): number[] {
  const order = [...points.keys()].sort((a, b) => lexicographic(points[a]!, points[b]!) || a - b);
  const front: number[] = [];
  for (const i of order) {
    if (!front.some((j) => dominates(points[j]!, points[i]!))) front.push(i);
  }
  return front.sort((a, b) => a - b);
}

/** Lexicographic comparison of two vectors of equal length: negative when `a` comes first. */
function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

/**
 * Non-dominated sorting under constrained domination: ranks[i] is 0 for the first front, 1 for
 * the front left when it is removed, and so on. O(n² m).
 */
export function nondominatedRanks(outcomes: readonly ScoredOutcome[]): number[] {
  const n = outcomes.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const beats: number[][] = Array.from({ length: n }, () => []);
  const totals = outcomes.map((o) => totalViolation(o.violations));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominatesGivenViolations(outcomes[i]!, totals[i]!, outcomes[j]!, totals[j]!)) {
        beats[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominatesGivenViolations(outcomes[j]!, totals[j]!, outcomes[i]!, totals[i]!)) {
        beats[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const ranks = new Array<number>(n).fill(-1);
  let current = [...dominatedBy.keys()].filter((i) => dominatedBy[i] === 0);
  for (let rank = 0; current.length > 0; rank++) {
    const next: number[] = [];
    for (const i of current) {
      ranks[i] = rank;
      for (const j of beats[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    }
    current = next;
  }
  return ranks;
}

/**
 * Checks a study's objectives and constraints as the API takes them, throwing
 * DomainError('invalid_objectives', ..., field) naming the offending field: 1..4 objectives,
 * 0..8 constraints, non-empty distinct names (at most 64 code points, not `__proto__`), directions
 * `minimize`/`maximize`, finite bounds with at least one of min/max and min <= max.
 */
export function checkObjectiveSpec(spec: ObjectiveSpec): void {
  const fail = (message: string, field: string): never => {
    throw new DomainError('invalid_objectives', message, field);
  };
  if (spec.objectives.length < 1 || spec.objectives.length > MAX_OBJECTIVES) {
    fail(`a study has 1 to ${MAX_OBJECTIVES} objectives, not ${spec.objectives.length}`, 'objectives');
  }
  if (spec.constraints.length > MAX_CONSTRAINTS) {
    fail(`a study has at most ${MAX_CONSTRAINTS} constraints, not ${spec.constraints.length}`, 'constraints');
  }
  const seen = new Set<string>();
  const checkName = (name: unknown, field: string): void => {
    if (typeof name !== 'string' || name.length === 0) fail('a metric name is a non-empty string', field);
    const text = name as string;
    if ([...text].length > 64) fail('a metric name has at most 64 characters', field);
    if (text === '__proto__') fail("'__proto__' cannot name a metric", field);
    if (seen.has(text)) fail(`the metric name '${text}' is used twice`, field);
    seen.add(text);
  };
  spec.objectives.forEach((o, i) => {
    checkName(o.name, `objectives.${i}.name`);
    if (o.direction !== 'minimize' && o.direction !== 'maximize') {
      fail("direction is 'minimize' or 'maximize'", `objectives.${i}.direction`);
    }
  });
  spec.constraints.forEach((c, i) => {
    checkName(c.name, `constraints.${i}.name`);
    if (c.min === undefined && c.max === undefined) fail('a constraint sets min, max or both', `constraints.${i}`);
    for (const bound of ['min', 'max'] as const) {
      const v = c[bound];
      if (v !== undefined && !Number.isFinite(v)) fail(`${bound} is a finite number`, `constraints.${i}.${bound}`);
    }
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
      fail('min is not above max', `constraints.${i}`);
    }
  });
}

/**
 * Checks the metrics of a tell against the spec and returns them as a Map: every objective and
 * constraint named, no other name, every value a finite number. Throws
 * DomainError('invalid_value', ..., 'values.<name>') naming the first offending metric.
 */
export function checkMetricValues(spec: ObjectiveSpec, values: Readonly<Record<string, unknown>>): Map<string, number> {
  const expected = metricNames(spec);
  const known = new Set(expected);
  for (const name of Object.keys(values)) {
    if (!known.has(name)) {
      throw new DomainError('invalid_value', `'${name}' is neither an objective nor a constraint of this study (expected ${expected.join(', ')})`, `values.${name}`);
    }
  }
  const checked = new Map<string, number>();
  for (const name of expected) {
    if (!Object.prototype.hasOwnProperty.call(values, name)) {
      throw new DomainError('invalid_value', `a tell names every objective and constraint: '${name}' is missing`, `values.${name}`);
    }
    const v = values[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DomainError('invalid_value', `'${name}' must be a finite number`, `values.${name}`);
    }
    checked.set(name, v);
  }
  return checked;
}

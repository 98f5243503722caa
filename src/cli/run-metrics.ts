import type { ApiStudy } from '../api/types';
import { DEFAULT_OBJECTIVE_NAME, metricNames, type Objective, type ObjectiveSpec } from '../domain/objectives';
import { own } from '../domain/space';
import type { TrainResult } from '../trainer/trainer';

/**
 * How `baytune run` turns what a trainer returns into a tell. `names` null: the study has the one
 * plain objective `value`, told as `{value}` (as before objectives had names). Otherwise every
 * objective and constraint of the study is told by name in `values`, each read from the trainer's
 * result: `value` is the trainer's value, any other name one of its metrics. `reported` is the
 * metric sent to /report every epoch (the single objective), null on a multi-objective study
 * (whose trials have no intermediate values).
 */
export interface TellPlan {
  names: string[] | null;
  reported: string | null;
}

/** The study's objectives and constraints (a study resource always carries them). */
export function studySpec(study: Pick<ApiStudy, 'objectives' | 'constraints'>): ObjectiveSpec {
  return { objectives: study.objectives, constraints: study.constraints };
}

/** The tell plan of a study (see TellPlan). */
export function tellPlan(spec: ObjectiveSpec): TellPlan {
  const names = metricNames(spec);
  const plain = names.length === 1 && names[0] === DEFAULT_OBJECTIVE_NAME;
  return { names: plain ? null : names, reported: spec.objectives.length === 1 ? (spec.objectives[0] as Objective).name : null };
}

/** Metric `name` of a result: the value for `value`, else the trainer's metric of that name (own property only). */
export function resultMetric(result: Pick<TrainResult, 'value' | 'metrics'>, name: string): number | undefined {
  if (name === DEFAULT_OBJECTIVE_NAME) return result.value;
  const metric = own(result.metrics ?? {}, name);
  return typeof metric === 'number' ? metric : undefined;
}

/**
 * The `values` of a tell: every name of the plan read from the result, as a null-prototype object.
 * Throws an Error naming the first metric the trainer did not return as a finite number, and the
 * metrics it did return (the trial is then recorded FAIL with that reason).
 */
export function toldValues(names: readonly string[], result: Pick<TrainResult, 'value' | 'metrics'>): Record<string, number> {
  const values = Object.create(null) as Record<string, number>;
  for (const name of names) {
    const v = resultMetric(result, name);
    if (v === undefined || !Number.isFinite(v)) {
      const returned = [DEFAULT_OBJECTIVE_NAME, ...Object.keys(result.metrics ?? {})].join(', ');
      throw new Error(`the study needs metric "${name}" but the trainer returned ${v === undefined ? 'none of that name' : `a non-finite ${v}`} (it returned ${returned})`);
    }
    values[name] = v;
  }
  return values;
}

/**
 * Differences between the objectives and constraints a run asks for and a resumed study's, as
 * readable lines (empty when they agree); order of constraints does not matter.
 */
export function specDifferences(wanted: ObjectiveSpec, stored: ObjectiveSpec): string[] {
  const objectives = (s: ObjectiveSpec) => s.objectives.map((o) => `${o.name}:${o.direction}`).join(', ');
  const constraints = (s: ObjectiveSpec) => s.constraints.map((c) => `${c.min ?? ''}<=${c.name}<=${c.max ?? ''}`).sort().join(', ');
  const out: string[] = [];
  if (objectives(wanted) !== objectives(stored)) out.push(`objectives: stored ${objectives(stored)}, requested ${objectives(wanted)}`);
  if (constraints(wanted) !== constraints(stored)) out.push(`constraints: stored ${constraints(stored) || 'none'}, requested ${constraints(wanted) || 'none'}`);
  return out;
}

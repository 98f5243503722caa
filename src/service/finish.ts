import type { TellRequest } from '../api/types';
import { DomainError } from '../domain/errors';
import { checkMetricValues, isMultiObjective, metricNames, type ObjectiveSpec } from '../domain/objectives';
import { isPlainValueSpec, objectiveOutcome, outcomeOf, type TrialOutcome } from '../domain/outcomes';
import type { Trial } from '../domain/trial';
import type { CasResult, TrialFinish } from '../storage/port';
import { presentTrial } from './present';

/**
 * Turns a tell request into the terminal update, checking what the JSON schema cannot:
 * a COMPLETE tell needs finite metrics (P5: `1e999` parses to Infinity), as `values` naming every
 * objective and constraint, or as `value` on a single-objective study without constraints; FAIL
 * takes none. PRUNED may give either (`value` also on a constrained study: the objective alone,
 * feasibility unknown); without, the storage keeps the last reported value, which the caller passes
 * as `lastReported` on a study whose trials store their metrics (see storesMetrics).
 */
export function buildFinish(request: TellRequest, study: ObjectiveSpec, now: number, lastReported: number | null = null): TrialFinish {
  const state = request.state ?? 'COMPLETE';
  const told = toldOutcome(study, request, state);
  const outcome = told ?? (state === 'PRUNED' && lastReported !== null ? objectiveOutcome(study, lastReported) : null);
  return {
    state,
    value: outcome?.value ?? null,
    ...(storesMetrics(study) ? { values: outcome?.values ?? null, feasible: outcome?.feasible ?? null } : {}),
    // A pruned trial keeps its reason too (why it stopped), in the same column.
    fail_reason: state === 'COMPLETE' ? null : (request.reason ?? null),
    user_attrs: request.user_attrs as Record<string, unknown> | undefined,
    now,
  };
}

/**
 * True when a study's trials store their metrics (`values`, `feasible`): every study but those of
 * the `direction` shorthand, whose trials keep only `value`, as before objectives existed.
 */
export function storesMetrics(spec: ObjectiveSpec): boolean {
  return !isPlainValueSpec(spec);
}

/**
 * The metrics a tell or an added trial gives (`value` or `values`), checked against the study:
 * null when it gives none and `state` allows that (PRUNED, FAIL, or WAITING for a queued trial).
 */
export function toldOutcome(spec: ObjectiveSpec, told: { value?: number; values?: Record<string, number> }, state: string): TrialOutcome | null {
  const plain = isPlainValueSpec(spec);
  if (told.value !== undefined && told.values !== undefined) {
    throw new DomainError('invalid_value', 'give "value" or "values", not both', 'values');
  }
  if (state === 'FAIL' && (told.value !== undefined || told.values !== undefined)) {
    throw new DomainError('invalid_value', 'a FAIL tell takes no value; failed trials carry none', told.value !== undefined ? 'value' : 'values');
  }
  if (told.values !== undefined) return outcomeOf(spec, checkMetricValues(spec, told.values));
  if (told.value !== undefined) {
    assertFinite(told.value, 'value');
    if (isMultiObjective(spec) || (spec.constraints.length > 0 && state !== 'PRUNED')) {
      throw new DomainError('invalid_value', `this study has ${metricNames(spec).length} metrics: tell them by name in "values" (${metricNames(spec).join(', ')})`, 'values');
    }
    return objectiveOutcome(spec, told.value);
  }
  if (state === 'COMPLETE') {
    const message = plain ? 'a COMPLETE tell needs a finite "value"' : `a COMPLETE tell needs "values" naming ${metricNames(spec).join(', ')}`;
    throw new DomainError('invalid_value', message, plain ? 'value' : 'values');
  }
  return null;
}

/** Throws DomainError('invalid_value') naming `field` unless v is a finite number. */
export function assertFinite(v: number, field: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new DomainError('invalid_value', `${field} must be a finite number`, field);
  }
}

/**
 * Resolves a compare-and-set tell: applied, or an identical repeat of the tell that finished the
 * trial (same state and value, and for FAIL the same reason: answered with the trial, P3), or a
 * conflict (409 with the trial).
 */
export function settleTell(result: CasResult, finish: TrialFinish): Trial {
  if (result.applied) return result.trial;
  const current = result.trial;
  const sameValue = finish.state === 'PRUNED' && finish.value === null && !finish.values ? true : current.value === finish.value && sameMetrics(current.values, finish.values);
  // A FAIL repeats only with the same reason: a worker's late FAIL after the reaper failed the trial ('lease expired') conflicts.
  const sameReason = finish.state !== 'FAIL' || current.fail_reason === finish.fail_reason;
  if (current.state === finish.state && sameValue && sameReason) return current;
  throw conflict(current, `trial ${current.number} is ${current.state}; it cannot be told ${finish.state}${finish.value === null ? '' : ` with value ${finish.value}`}`);
}

/** Whether stored metrics equal told ones (always, when the tell stores none: `value` says it all). */
function sameMetrics(stored: Record<string, number> | null, told: Record<string, number> | null | undefined): boolean {
  if (told === undefined) return true;
  if (stored === null || told === null) return stored === told;
  const names = Object.keys(told);
  return names.length === Object.keys(stored).length && names.every((name) => Object.hasOwn(stored, name) && stored[name] === told[name]);
}

/** A 409 carrying the trial's current state in details.trial. */
export function conflict(trial: Trial, message: string): DomainError {
  return new DomainError('trial_state_conflict', message, 'state', { trial: presentTrial(trial) });
}

import type { TellRequest } from '../api/types';
import { DomainError } from '../domain/errors';
import type { Trial } from '../domain/trial';
import type { CasResult, TrialFinish } from '../storage/port';
import { presentTrial } from './present';

/**
 * Turns a tell request into the terminal update, checking what the JSON schema cannot:
 * a COMPLETE tell needs a finite value (P5: `1e999` parses to Infinity); FAIL takes no value.
 * PRUNED keeps the given value, else the storage keeps the last reported one.
 */
export function buildFinish(request: TellRequest, now: number): TrialFinish {
  const state = request.state ?? 'COMPLETE';
  if (request.value !== undefined) assertFinite(request.value, 'value');
  if (state === 'COMPLETE' && request.value === undefined) {
    throw new DomainError('invalid_value', 'a COMPLETE tell needs a finite "value"', 'value');
  }
  if (state === 'FAIL' && request.value !== undefined) {
    throw new DomainError('invalid_value', 'a FAIL tell takes no value; failed trials carry none', 'value');
  }
  const value = state === 'FAIL' ? null : (request.value ?? null);
  return {
    state,
    value,
    // A pruned trial keeps its reason too (why it stopped), in the same column.
    fail_reason: state === 'COMPLETE' ? null : (request.reason ?? null),
    user_attrs: request.user_attrs as Record<string, unknown> | undefined,
    now,
  };
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
  const sameValue = finish.state === 'PRUNED' && finish.value === null ? true : current.value === finish.value;
  // A FAIL repeats only with the same reason: a worker's late FAIL after the reaper failed the trial ('lease expired') conflicts.
  const sameReason = finish.state !== 'FAIL' || current.fail_reason === finish.fail_reason;
  if (current.state === finish.state && sameValue && sameReason) return current;
  throw conflict(current, `trial ${current.number} is ${current.state}; it cannot be told ${finish.state}${finish.value === null ? '' : ` with value ${finish.value}`}`);
}

/** A 409 carrying the trial's current state in details.trial. */
export function conflict(trial: Trial, message: string): DomainError {
  return new DomainError('trial_state_conflict', message, 'state', { trial: presentTrial(trial) });
}

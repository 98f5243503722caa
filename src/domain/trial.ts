import type { Params } from './space';

/** Trial states, spelled as the API spells them. WAITING = queued, not yet handed out. */
export type TrialState = 'WAITING' | 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL';

export const TRIAL_STATES: readonly TrialState[] = ['WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL'];

/** States a trial never leaves. */
export const FINISHED_STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];

export function isFinished(state: TrialState): boolean {
  return FINISHED_STATES.includes(state);
}

/** One intermediate report: the objective at a training step (epoch, iteration, ...). */
export interface IntermediateValue {
  step: number;
  value: number;
}

/**
 * Why a sampler suggested a trial: the strategy, and for model-based ones the acquisition and the
 * model's prediction at the point. `fallback` says why a cheaper strategy answered instead.
 */
export interface SuggestionReason {
  strategy: string;
  acquisition?: string;
  acquisition_value?: number;
  predicted_mean?: number;
  predicted_std?: number;
  /** Per objective and constraint name: the model's prediction at the point, in the metric's units. */
  predicted?: Record<string, { mean: number; std: number }>;
  /**
   * Model-based samplers on studies with several objectives or constraints: the posterior mean and
   * sd of each objective's LOSS (lower is better), in the study's objective order.
   */
  predicted_objectives?: { mean: number; std: number }[];
  /** Likewise for each constraint's slack (g <= 0 holds), in the study's constraint order. */
  predicted_constraints?: { mean: number; std: number }[];
  /** The model's probability that every constraint holds at the suggestion. */
  probability_feasible?: number;
  fallback?: string;
  detail?: string;
}

/**
 * A trial as stored. `number` is unique and gapless per study, from 0. `value` is set when COMPLETE
 * (and for PRUNED, the last reported value, if any) on a single-objective study, null on a
 * multi-objective one. `values` maps each metric told (objectives and constraints) to its number
 * (a null-prototype object; `{"value": v}` on a study made with `direction`), null while there is
 * none. `feasible`: every constraint holds (true without constraints), null while unknown.
 * Times are ISO-8601 strings in UTC.
 */
export interface Trial {
  id: string;
  study_id: string;
  number: number;
  state: TrialState;
  params: Params;
  value: number | null;
  values: Record<string, number> | null;
  feasible: boolean | null;
  intermediate_values: IntermediateValue[];
  reason: SuggestionReason | null;
  fail_reason: string | null;
  user_attrs: Record<string, unknown>;
  client_id: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  heartbeat_at: string | null;
  lease_expires_at: string | null;
  /** When this trial re-runs the params of a reaped trial: that trial's id. */
  retry_of: string | null;
}

/** Legal moves of the trial state machine. */
export function canTransition(from: TrialState, to: TrialState): boolean {
  if (from === 'WAITING') return to === 'RUNNING' || to === 'FAIL';
  if (from === 'RUNNING') return to === 'COMPLETE' || to === 'PRUNED' || to === 'FAIL';
  return false;
}

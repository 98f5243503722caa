import type { Direction } from '../domain/study';
import { TRIAL_STATES, type TrialState } from '../domain/trial';
import type { StudySummary } from './port';
import { rowToStudy, type StudyRow } from './rows';

/**
 * One group of `SELECT study_id, state, COUNT(*), MIN(value), MAX(value) ... GROUP BY study_id, state`.
 * `n` is a string on PostgreSQL (COUNT is BIGINT).
 */
export interface StateAggregateRow {
  study_id: string;
  state: string;
  n: number | string;
  min_value: number | null;
  max_value: number | null;
}

/** Zero counts for every trial state. */
export function emptyCounts(): Record<TrialState, number> {
  return Object.fromEntries(TRIAL_STATES.map((state) => [state, 0])) as Record<TrialState, number>;
}

/** The best value of a COMPLETE group for a direction. */
function bestOf(aggregate: StateAggregateRow, direction: Direction): number | null {
  const value = direction === 'minimize' ? aggregate.min_value : aggregate.max_value;
  return value === null ? null : Number(value);
}

/**
 * Study rows (already in creation order) plus per-(study, state) aggregates -> summaries with
 * trial counts for every state and the best COMPLETE value (null while none is complete).
 */
export function summarizeStudies(studies: readonly StudyRow[], aggregates: readonly StateAggregateRow[]): StudySummary[] {
  const summaries = new Map<string, StudySummary>();
  for (const row of studies) {
    summaries.set(row.id, { ...rowToStudy(row), trial_counts: emptyCounts(), best_value: null });
  }
  for (const aggregate of aggregates) {
    const summary = summaries.get(aggregate.study_id);
    if (summary === undefined) continue;
    summary.trial_counts[aggregate.state as TrialState] = Number(aggregate.n);
    if (aggregate.state === 'COMPLETE') summary.best_value = bestOf(aggregate, summary.direction);
  }
  return [...summaries.values()];
}

/**
 * The value a finished trial keeps: the told value; for PRUNED without one, the value reported at
 * the highest step (null when nothing was reported).
 */
export function finishedValue(state: string, told: number | null, lastReported: number | null): number | null {
  if (told !== null) return told;
  return state === 'PRUNED' ? lastReported : null;
}

import { DEFAULT_OBJECTIVE_NAME, singleObjective, type ObjectiveSpec } from '../domain/objectives';
import { metricRecord } from '../domain/outcomes';
import { mergeUserAttrsPatch } from '../domain/user-attrs';
import type { Direction, Study } from '../domain/study';
import type { IntermediateValue, Trial, TrialState } from '../domain/trial';
import type { NewStudy, TrialDraft } from './port';

/**
 * Row shapes shared by every storage (memory keeps the same rows, so all backends round-trip
 * values through the same JSON text and behave alike). JSON columns are TEXT holding JSON so the
 * users' key order survives. Times are epoch milliseconds; PostgreSQL returns BIGINT as a string,
 * hence `number | string`.
 */
export type DbTime = number | string;

/**
 * One row of the `studies` table. `objective_spec` is the JSON of the study's ObjectiveSpec; null
 * on studies stored before objectives existed (read as the `direction` shorthand).
 */
export interface StudyRow {
  id: string;
  name: string;
  direction: string;
  objective_spec: string | null;
  space: string;
  sampler: string;
  pruner: string;
  user_attrs: string;
  lease_seconds: number;
  max_retry: number;
  created_at: DbTime;
}

/**
 * One row of the `trials` table. `attempt` is the length of the retry chain behind the trial:
 * 0 for an original, 1 + the failed trial's attempt for a re-queued copy. `metric_values` is the
 * JSON of the metrics told (null on a study of the `direction` shorthand, whose `value` says it
 * all); `feasible` is 1/0, null when not written (see rowToTrial).
 */
export interface TrialRow {
  id: string;
  study_id: string;
  number: number;
  state: string;
  params: string;
  value: number | null;
  metric_values: string | null;
  feasible: number | null;
  reason: string | null;
  fail_reason: string | null;
  user_attrs: string;
  client_id: string | null;
  created_at: DbTime;
  started_at: DbTime | null;
  completed_at: DbTime | null;
  heartbeat_at: DbTime | null;
  lease_expires_at: DbTime | null;
  retry_of: string | null;
  attempt: number;
}

/** One row of the `intermediate_values` table. */
export interface IntermediateRow {
  trial_id: string;
  step: number;
  value: number;
}

/** Epoch milliseconds (number or BIGINT string) -> ISO-8601 UTC; null stays null. */
export function toIso(ms: DbTime | null): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString();
}

/** A study row -> the domain Study. */
export function rowToStudy(row: StudyRow): Study {
  const spec: ObjectiveSpec = row.objective_spec === null ? singleObjective(row.direction as Direction) : JSON.parse(row.objective_spec);
  return {
    id: row.id,
    name: row.name,
    direction: row.direction as Direction,
    objectives: spec.objectives,
    constraints: spec.constraints,
    space: JSON.parse(row.space),
    sampler: JSON.parse(row.sampler),
    pruner: JSON.parse(row.pruner),
    user_attrs: JSON.parse(row.user_attrs),
    lease_seconds: Number(row.lease_seconds),
    max_retry: Number(row.max_retry),
    created_at: new Date(Number(row.created_at)).toISOString(),
  };
}

/**
 * A new study -> its row, with the id and creation time the storage assigned. Without objectives,
 * the study is the `direction` shorthand; with them, `direction` is the first one's.
 */
export function studyToRow(study: NewStudy, id: string, now: number): StudyRow {
  const spec: ObjectiveSpec = study.objectives === undefined
    ? singleObjective(study.direction)
    : { objectives: study.objectives, constraints: study.constraints ?? [] };
  return {
    id,
    name: study.name,
    direction: spec.objectives[0]?.direction ?? study.direction,
    objective_spec: JSON.stringify(spec),
    space: JSON.stringify(study.space),
    sampler: JSON.stringify(study.sampler),
    pruner: JSON.stringify(study.pruner),
    user_attrs: JSON.stringify(study.user_attrs),
    lease_seconds: study.lease_seconds,
    max_retry: study.max_retry,
    created_at: now,
  };
}

/**
 * A trial row plus its intermediate values (any order; sorted here by step) -> the domain Trial.
 * A row without `metric_values` (a study of the `direction` shorthand, or stored before objectives
 * existed) reads as `values` {"value": value} and feasible, or null and null without a value.
 */
export function rowToTrial(row: TrialRow, intermediates: readonly IntermediateValue[] = []): Trial {
  const value = row.value === null ? null : Number(row.value);
  const values = row.metric_values !== null
    ? metricRecord(new Map(Object.entries(JSON.parse(row.metric_values) as Record<string, number>)))
    : value === null ? null : metricRecord(new Map([[DEFAULT_OBJECTIVE_NAME, value]]));
  const feasible = row.feasible !== null ? Number(row.feasible) === 1 : row.metric_values === null && value !== null ? true : null;
  return {
    id: row.id,
    study_id: row.study_id,
    number: Number(row.number),
    state: row.state as TrialState,
    params: JSON.parse(row.params),
    value,
    values,
    feasible,
    intermediate_values: [...intermediates].sort((a, b) => a.step - b.step),
    reason: row.reason === null ? null : JSON.parse(row.reason),
    fail_reason: row.fail_reason,
    user_attrs: JSON.parse(row.user_attrs),
    client_id: row.client_id,
    created_at: new Date(Number(row.created_at)).toISOString(),
    started_at: toIso(row.started_at),
    completed_at: toIso(row.completed_at),
    heartbeat_at: toIso(row.heartbeat_at),
    lease_expires_at: toIso(row.lease_expires_at),
    retry_of: row.retry_of,
  };
}

/** Trial rows plus the intermediate rows of (some of) them, in one pass -> Trials in row order. */
export function rowsToTrials(rows: readonly TrialRow[], intermediates: readonly IntermediateRow[]): Trial[] {
  const byTrial = new Map<string, IntermediateValue[]>();
  for (const iv of intermediates) {
    const list = byTrial.get(iv.trial_id) ?? [];
    list.push({ step: Number(iv.step), value: Number(iv.value) });
    byTrial.set(iv.trial_id, list);
  }
  return rows.map((row) => rowToTrial(row, byTrial.get(row.id)));
}

/** Where a new trial comes from: its ids, number, time, and for RUNNING ones the holder and lease. */
export interface TrialPlacement {
  id: string;
  studyId: string;
  number: number;
  now: number;
  clientId: string | null;
  leaseExpiresAt: number | null;
  attempt: number;
}

/**
 * A draft -> its row. RUNNING drafts get started_at = now and the placement's lease and holder;
 * COMPLETE ones completed_at = now and their value; WAITING ones neither.
 */
export function draftToRow(draft: TrialDraft, at: TrialPlacement): TrialRow {
  const running = draft.state === 'RUNNING';
  return {
    id: at.id,
    study_id: at.studyId,
    number: at.number,
    state: draft.state,
    params: JSON.stringify(draft.params),
    value: draft.state === 'COMPLETE' ? (draft.value ?? null) : null,
    metric_values: draft.state === 'COMPLETE' ? metricValuesText(draft.values) : null,
    feasible: draft.state === 'COMPLETE' ? feasibleFlag(draft.feasible) : null,
    reason: draft.reason ? JSON.stringify(draft.reason) : null,
    fail_reason: null,
    user_attrs: JSON.stringify(draft.user_attrs ?? {}),
    client_id: running ? at.clientId : null,
    created_at: at.now,
    started_at: running ? at.now : null,
    completed_at: draft.state === 'COMPLETE' ? at.now : null,
    heartbeat_at: null,
    lease_expires_at: running ? at.leaseExpiresAt : null,
    retry_of: draft.retry_of ?? null,
    attempt: at.attempt,
  };
}

/** The `metric_values` column of told metrics: their JSON, or null when none were given. */
export function metricValuesText(values: Readonly<Record<string, number>> | null | undefined): string | null {
  return values === null || values === undefined ? null : JSON.stringify(values);
}

/** The `feasible` column: 1 or 0, null when not given. */
export function feasibleFlag(feasible: boolean | null | undefined): number | null {
  return feasible === null || feasible === undefined ? null : feasible ? 1 : 0;
}

/** The WAITING draft that re-runs a reaped trial's params (reason and user attributes kept). */
export function retryDraft(failed: TrialRow): TrialDraft {
  return {
    state: 'WAITING',
    params: JSON.parse(failed.params),
    reason: failed.reason === null ? null : JSON.parse(failed.reason),
    user_attrs: JSON.parse(failed.user_attrs),
    retry_of: failed.id,
  };
}

/** The fail_reason the reaper writes. */
export const LEASE_EXPIRED = 'lease expired';

/** Shallow merge of user attributes given at finish into the stored ones, as JSON text. */
export function mergeUserAttrs(stored: string, added: Record<string, unknown> | undefined): string {
  if (added === undefined || Object.keys(added).length === 0) return stored;
  return JSON.stringify({ ...JSON.parse(stored), ...added });
}

/** user_attrs JSON text with a merge patch applied (see domain mergeUserAttrsPatch). */
export function patchUserAttrs(stored: string, patch: Record<string, unknown>): string {
  return JSON.stringify(mergeUserAttrsPatch(JSON.parse(stored) as Record<string, unknown>, patch));
}

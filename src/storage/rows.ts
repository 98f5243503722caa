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

/** One row of the `studies` table. */
export interface StudyRow {
  id: string;
  name: string;
  direction: string;
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
 * 0 for an original, 1 + the failed trial's attempt for a re-queued copy.
 */
export interface TrialRow {
  id: string;
  study_id: string;
  number: number;
  state: string;
  params: string;
  value: number | null;
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
  return {
    id: row.id,
    name: row.name,
    direction: row.direction as Direction,
    space: JSON.parse(row.space),
    sampler: JSON.parse(row.sampler),
    pruner: JSON.parse(row.pruner),
    user_attrs: JSON.parse(row.user_attrs),
    lease_seconds: Number(row.lease_seconds),
    max_retry: Number(row.max_retry),
    created_at: new Date(Number(row.created_at)).toISOString(),
  };
}

/** A new study -> its row, with the id and creation time the storage assigned. */
export function studyToRow(study: NewStudy, id: string, now: number): StudyRow {
  return {
    id,
    name: study.name,
    direction: study.direction,
    space: JSON.stringify(study.space),
    sampler: JSON.stringify(study.sampler),
    pruner: JSON.stringify(study.pruner),
    user_attrs: JSON.stringify(study.user_attrs),
    lease_seconds: study.lease_seconds,
    max_retry: study.max_retry,
    created_at: now,
  };
}

/** A trial row plus its intermediate values (any order; sorted here by step) -> the domain Trial. */
export function rowToTrial(row: TrialRow, intermediates: readonly IntermediateValue[] = []): Trial {
  return {
    id: row.id,
    study_id: row.study_id,
    number: Number(row.number),
    state: row.state as TrialState,
    params: JSON.parse(row.params),
    value: row.value === null ? null : Number(row.value),
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

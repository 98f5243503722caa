import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { committedAsk, draftsForNumbers } from './numbered-drafts';
import { toLoss } from '../domain/objectives';
import type { Direction, Study } from '../domain/study';
import { canTransition, type Trial, type TrialState } from '../domain/trial';
import type {
  AskClaim, AskResult, AskView, CasResult, NewStudy, NotesWrite, Storage, StudyNotes, StudySummary, TrialCounts, TrialDraft, TrialFinish,
  TrialPageQuery,
} from './port';
import {
  LEASE_EXPIRED, draftToRow, feasibleFlag, mergeUserAttrs, metricValuesText, patchUserAttrs, retryDraft, rowToStudy, rowToTrial, studyToRow,
  type StudyRow, type TrialRow,
} from './rows';
import { finishedValue, summarizeStudies, type StateAggregateRow } from './summaries';

const EMPTY_NOTES: StudyNotes = { body: '', version: 0, updated_at: null };

/** The holder and lease of trials appended RUNNING. */
interface Holder {
  clientId: string | null;
  leaseExpiresAt: number | null;
}

/**
 * Storage held in this process's memory, for tests and embedding. Keeps the same rows as the SQL
 * storages (JSON as text), so values round-trip exactly as they do there and no caller can mutate
 * stored state through a returned object. Every method runs without an await inside, so each is
 * atomic with respect to the others. Nothing survives the process.
 */
export class MemoryStorage implements Storage {
  private readonly studies = new Map<string, StudyRow>();
  /** Per study, its trial rows in number order (index = number). */
  private readonly trialsOfStudy = new Map<string, TrialRow[]>();
  private readonly trials = new Map<string, TrialRow>();
  /** trial id -> step -> value. */
  private readonly intermediates = new Map<string, Map<number, number>>();
  /** `${studyId}\0${clientId}\0${requestKey}` -> trial ids handed out. */
  private readonly askRequests = new Map<string, { ids: string[]; at: number }>();
  /** study id -> its notes, once written. */
  private readonly notes = new Map<string, StudyNotes>();

  async createStudy(study: NewStudy, now: number): Promise<Study> {
    for (const row of this.studies.values()) {
      if (row.name === study.name) throw new DomainError('study_exists', `a study named "${study.name}" exists`, 'name');
    }
    const row = studyToRow(study, randomUUID(), now);
    this.studies.set(row.id, row);
    this.trialsOfStudy.set(row.id, []);
    return rowToStudy(row);
  }

  async getStudy(id: string): Promise<Study | null> {
    const row = this.studies.get(id);
    return row === undefined ? null : rowToStudy(row);
  }

  async listStudies(): Promise<StudySummary[]> {
    return summarizeStudies([...this.studies.values()], this.aggregate(this.trials.values()));
  }

  async studySummary(id: string): Promise<StudySummary | null> {
    const study = this.studies.get(id);
    if (study === undefined) return null;
    return summarizeStudies([study], this.aggregate(this.trialsOfStudy.get(id) ?? []))[0] ?? null;
  }

  /** Per-(study, state) counts and value range of `trials`, as the SQL storages' GROUP BY gives them. */
  private aggregate(trials: Iterable<TrialRow>): StateAggregateRow[] {
    const aggregates = new Map<string, StateAggregateRow>();
    for (const trial of trials) {
      const key = `${trial.study_id}\0${trial.state}`;
      const group = aggregates.get(key) ?? { study_id: trial.study_id, state: trial.state, n: 0, min_value: null, max_value: null };
      group.n = Number(group.n) + 1;
      // A trial stored infeasible does not count for the best value (as the SQL storages' aggregate).
      if (trial.value !== null && trial.feasible !== 0) {
        group.min_value = group.min_value === null ? trial.value : Math.min(group.min_value, trial.value);
        group.max_value = group.max_value === null ? trial.value : Math.max(group.max_value, trial.value);
      }
      aggregates.set(key, group);
    }
    return [...aggregates.values()];
  }

  async deleteStudy(id: string): Promise<boolean> {
    const rows = this.trialsOfStudy.get(id);
    if (rows === undefined) return false;
    for (const row of rows) {
      this.trials.delete(row.id);
      this.intermediates.delete(row.id);
    }
    for (const key of this.askRequests.keys()) {
      if (key.startsWith(`${id}\0`)) this.askRequests.delete(key);
    }
    this.trialsOfStudy.delete(id);
    this.notes.delete(id);
    return this.studies.delete(id);
  }

  async findStudyByName(name: string): Promise<Study | null> {
    for (const row of this.studies.values()) if (row.name === name) return rowToStudy(row);
    return null;
  }

  async patchStudyUserAttrs(id: string, patch: Record<string, unknown>): Promise<Study | null> {
    const row = this.studies.get(id);
    if (row === undefined) return null;
    row.user_attrs = patchUserAttrs(row.user_attrs, patch);
    return rowToStudy(row);
  }

  async patchTrialUserAttrs(studyId: string, trialId: string, patch: Record<string, unknown>): Promise<Trial | null> {
    const row = this.findTrial(studyId, trialId);
    if (row === null) return null;
    row.user_attrs = patchUserAttrs(row.user_attrs, patch);
    return this.toTrial(row);
  }

  async getStudyNotes(id: string): Promise<StudyNotes | null> {
    if (!this.studies.has(id)) return null;
    return { ...(this.notes.get(id) ?? EMPTY_NOTES) };
  }

  async putStudyNotes(id: string, body: string, expectedVersion: number, now: number): Promise<NotesWrite | null> {
    const current = await this.getStudyNotes(id);
    if (current === null) return null;
    if (current.version !== expectedVersion) return { applied: false, notes: current };
    const written = { body, version: current.version + 1, updated_at: now };
    this.notes.set(id, written);
    return { applied: true, notes: { ...written } };
  }

  async addTrials(studyId: string, drafts: TrialDraft[], now: number): Promise<Trial[]> {
    const study = this.requireStudy(studyId);
    const lease = now + study.lease_seconds * 1000;
    return this.append(studyId, drafts, now, { clientId: null, leaseExpiresAt: lease }).map((row) => this.toTrial(row));
  }

  async commitAsk(studyId: string, claim: AskClaim, drafts: TrialDraft[]): Promise<AskResult> {
    this.requireStudy(studyId);
    const key = claim.client_id !== null && claim.request_key !== null
      ? `${studyId}\0${claim.client_id}\0${claim.request_key}` : null;
    const seen = key === null ? undefined : this.askRequests.get(key);
    if (seen !== undefined) return { outcome: 'replayed', trials: seen.ids.map((id) => this.toTrial(this.trials.get(id) as TrialRow)) };
    const held = key === null ? [] : (this.trialsOfStudy.get(studyId) as TrialRow[])
      .filter((row) => row.state === 'RUNNING' && row.client_id === claim.client_id)
      .slice(0, claim.count);
    const rows = this.trialsOfStudy.get(studyId) as TrialRow[];
    const claimable = Math.min(claim.count - held.length, rows.filter((row) => row.state === 'WAITING').length);
    const wanted = draftsForNumbers(drafts, claim.first_number, rows.length, claim.count - held.length - claimable);
    if (wanted === null) return { outcome: 'stale' };
    const claimed = this.claimWaiting(studyId, { ...claim, count: claim.count - held.length });
    const fresh = this.append(studyId, wanted.drafts, claim.now, {
      clientId: claim.client_id,
      leaseExpiresAt: claim.lease_expires_at,
    });
    const handed = [...held, ...claimed, ...fresh];
    if (key !== null && handed.length > 0) this.askRequests.set(key, { ids: handed.map((row) => row.id), at: claim.now });
    const trials = (part: TrialRow[]): Trial[] => part.map((row) => this.toTrial(row));
    return committedAsk(trials(held), trials(claimed), trials(fresh), wanted.first);
  }

  async askView(studyId: string, clientId: string | null): Promise<AskView> {
    const rows = this.trialsOfStudy.get(studyId) ?? [];
    const held = clientId === null ? [] : rows.filter((row) => row.state === 'RUNNING' && row.client_id === clientId);
    return { held: held.map((row) => this.toTrial(row)), counts: await this.countTrials(studyId) };
  }

  async countTrials(studyId: string): Promise<TrialCounts> {
    const rows = this.trialsOfStudy.get(studyId) ?? [];
    return { total: rows.length, waiting: rows.filter((row) => row.state === 'WAITING').length };
  }

  async getTrial(studyId: string, trialId: string): Promise<Trial | null> {
    const row = this.trials.get(trialId);
    return row === undefined || row.study_id !== studyId ? null : this.toTrial(row);
  }

  async listTrials(studyId: string, query: TrialPageQuery): Promise<Trial[]> {
    const rows = this.trialsOfStudy.get(studyId) ?? [];
    const page: Trial[] = [];
    for (let number = (query.after ?? -1) + 1; number < rows.length && page.length < query.limit; number += 1) {
      const row = rows[number] as TrialRow;
      if (query.states === undefined || query.states.includes(row.state as Trial['state'])) page.push(this.toTrial(row));
    }
    return page;
  }

  async bestTrial(studyId: string, direction: Direction): Promise<Trial | null> {
    let best: TrialRow | null = null;
    for (const row of this.trialsOfStudy.get(studyId) ?? []) {
      if (row.state !== 'COMPLETE' || row.value === null || row.feasible === 0) continue;
      const better = best === null || toLoss(row.value, direction) < toLoss(best.value as number, direction);
      if (better) best = row;
    }
    return best === null ? null : this.toTrial(best);
  }

  async finishTrial(studyId: string, trialId: string, finish: TrialFinish): Promise<CasResult | null> {
    const row = this.findTrial(studyId, trialId);
    if (row === null) return null;
    if (!canTransition(row.state as TrialState, finish.state)) return { applied: false, trial: this.toTrial(row) };
    row.state = finish.state;
    row.value = finishedValue(finish.state, finish.value, this.lastReported(trialId));
    row.metric_values = metricValuesText(finish.values);
    row.feasible = feasibleFlag(finish.feasible);
    row.fail_reason = finish.fail_reason;
    row.user_attrs = mergeUserAttrs(row.user_attrs, finish.user_attrs);
    row.completed_at = finish.now;
    return { applied: true, trial: this.toTrial(row) };
  }

  async addIntermediate(studyId: string, trialId: string, step: number, value: number, now: number, leaseExpiresAt: number): Promise<CasResult | null> {
    const row = this.findTrial(studyId, trialId);
    if (row === null) return null;
    if (row.state !== 'RUNNING') return { applied: false, trial: this.toTrial(row) };
    const steps = this.intermediates.get(trialId) ?? new Map<number, number>();
    steps.set(step, value);
    this.intermediates.set(trialId, steps);
    row.heartbeat_at = now;
    row.lease_expires_at = leaseExpiresAt;
    return { applied: true, trial: this.toTrial(row) };
  }

  async heartbeat(studyId: string, trialId: string, now: number, leaseExpiresAt: number): Promise<CasResult | null> {
    const row = this.findTrial(studyId, trialId);
    if (row === null) return null;
    if (row.state !== 'RUNNING') return { applied: false, trial: this.toTrial(row) };
    row.heartbeat_at = now;
    row.lease_expires_at = leaseExpiresAt;
    return { applied: true, trial: this.toTrial(row) };
  }

  async reapExpiredLeases(now: number): Promise<Trial[]> {
    const reaped: Trial[] = [];
    for (const row of this.trials.values()) {
      if (row.state !== 'RUNNING' || row.lease_expires_at === null || Number(row.lease_expires_at) >= now) continue;
      row.state = 'FAIL';
      row.fail_reason = LEASE_EXPIRED;
      row.completed_at = now;
      reaped.push(this.toTrial(row));
      const study = this.studies.get(row.study_id) as StudyRow;
      if (row.attempt < study.max_retry) this.append(row.study_id, [retryDraft(row)], now, { clientId: null, leaseExpiresAt: null });
    }
    return reaped;
  }

  async forgetAskRequests(before: number): Promise<number> {
    let forgotten = 0;
    for (const [key, record] of this.askRequests) {
      if (record.at < before) {
        this.askRequests.delete(key);
        forgotten += 1;
      }
    }
    return forgotten;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private requireStudy(studyId: string): StudyRow {
    const study = this.studies.get(studyId);
    if (study === undefined) throw new DomainError('study_not_found', `no study ${studyId}`);
    return study;
  }

  private findTrial(studyId: string, trialId: string): TrialRow | null {
    const row = this.trials.get(trialId);
    return row === undefined || row.study_id !== studyId ? null : row;
  }

  /** Appends drafts with the next numbers of the study; RUNNING ones get `holder`. */
  private append(studyId: string, drafts: readonly TrialDraft[], now: number, holder: Holder): TrialRow[] {
    const rows = this.trialsOfStudy.get(studyId) as TrialRow[];
    return drafts.map((draft) => {
      const parent = draft.retry_of ? this.trials.get(draft.retry_of) : undefined;
      const row = draftToRow(draft, {
        id: randomUUID(), studyId, number: rows.length, now, ...holder, attempt: draft.retry_of ? (parent?.attempt ?? 0) + 1 : 0,
      });
      rows.push(row);
      this.trials.set(row.id, row);
      return row;
    });
  }

  /** Moves up to claim.count WAITING trials (lowest number first) to RUNNING for the claimant. */
  private claimWaiting(studyId: string, claim: AskClaim): TrialRow[] {
    const claimed: TrialRow[] = [];
    for (const row of this.trialsOfStudy.get(studyId) as TrialRow[]) {
      if (claimed.length >= claim.count) break;
      if (row.state !== 'WAITING') continue;
      row.state = 'RUNNING';
      row.client_id = claim.client_id;
      row.started_at = claim.now;
      row.lease_expires_at = claim.lease_expires_at;
      claimed.push(row);
    }
    return claimed;
  }

  private lastReported(trialId: string): number | null {
    const steps = this.intermediates.get(trialId);
    if (steps === undefined || steps.size === 0) return null;
    return steps.get(Math.max(...steps.keys())) as number;
  }

  private toTrial(row: TrialRow): Trial {
    const steps = this.intermediates.get(row.id);
    const values = steps === undefined ? [] : [...steps].map(([step, value]) => ({ step, value }));
    return rowToTrial(row, values);
  }
}

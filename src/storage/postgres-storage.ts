import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DomainError } from '../domain/errors';
import type { Direction, Study } from '../domain/study';
import { canTransition, type IntermediateValue, type Trial, type TrialState } from '../domain/trial';
import type {
  AskClaim, AskResult, AskView, CasResult, NewStudy, NotesWrite, Storage, StudyNotes, StudySummary, TrialCounts, TrialDraft, TrialFinish,
  TrialPageQuery,
} from './port';
import {
  connectClient, createPool, inTransaction, mapPostgresError, parsePostgresLocation, redactUrl, withRetries, type PostgresOptions,
} from './postgres-connection';
import { STALE_DRAFTS_SQLSTATE } from './postgres-commit-ask';
import { committedAsk } from './numbered-drafts';
import { migratePostgresSchema } from './postgres-migrations';
import { query, type PostgresQueryName } from './postgres-queries';
import {
  LEASE_EXPIRED, draftToRow, feasibleFlag, mergeUserAttrs, metricValuesText, patchUserAttrs, retryDraft, rowToStudy, rowToTrial, rowsToTrials, studyToRow,
  type IntermediateRow, type StudyRow, type TrialRow,
} from './rows';
import type { MigrationOutcome, OpenOptions } from './schema-version';
import { summarizeStudies, type StateAggregateRow } from './summaries';

/** Something that runs queries: the pool (autocommit) or a client inside a transaction. */
type Queryable = Pool | PoolClient;

/** The holder and lease of trials appended RUNNING. */
interface Holder {
  clientId: string | null;
  leaseExpiresAt: number | null;
}

const byNumber = (a: TrialRow, b: TrialRow): number => a.number - b.number;

/**
 * What baytune_commit_ask (schema version 7) answers: a replay's trial rows, or the ids it handed
 * back (held) and claimed with every trial row it handed out, in number order; the rest are the
 * appended drafts, whose ids the caller chose.
 */
type CommitAskAnswer = { replayed: true; trials: TrialRow[] } | { replayed: false; held: string[]; claimed: string[]; trials: TrialRow[] };


async function rows<T>(on: Queryable, name: PostgresQueryName, values: unknown[] = []): Promise<T[]> {
  try {
    return (await on.query(query(name, values))).rows as T[];
  } catch (error) {
    throw mapPostgresError(error);
  }
}

/** Opens the pool for `url` and migrates its schema (always when empty; when older only with `upgrade`). */
async function openPool(url: string, options: PostgresOptions, upgrade: boolean): Promise<{ pool: Pool; outcome: MigrationOutcome }> {
  const location = parsePostgresLocation(url, options);
  const pool = createPool(location, options);
  try {
    const client = await connectClient(pool);
    try {
      const where = `PostgreSQL ${redactUrl(location.connectionString)} schema ${location.schema}`;
      const outcome = await migratePostgresSchema(client, location.schema, where, upgrade);
      return { pool, outcome };
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw mapPostgresError(error);
  }
}

/** Brings the schema at `url` to this code's version (what `baytune migrate` runs for postgres:// URLs). */
export async function migratePostgres(url: string, options: PostgresOptions = {}): Promise<MigrationOutcome> {
  const { pool, outcome } = await openPool(url, options, true);
  await pool.end();
  return outcome;
}

/**
 * Storage in PostgreSQL, shared by any number of server processes. Trial numbers are allocated
 * under the study row lock, taken by the UPDATE that bumps studies.next_number (addTrials takes it
 * first with SELECT ... FOR UPDATE); WAITING trials are claimed with FOR UPDATE SKIP LOCKED; an ask
 * is one server-side function call; finishes and lease renewals are conditional UPDATEs; the
 * reaper's UPDATE ... WHERE state = 'RUNNING' makes each expiry happen once. Transactions are READ
 * COMMITTED and re-run on serialization failures and deadlocks. Connection failures throw
 * DomainError('storage_unavailable'); the pool reconnects by itself when the database is back.
 */
export class PostgresStorage implements Storage {
  private constructor(private readonly pool: Pool) {}

  /** Connects to `url` (`postgres://` or `postgresql://`, optional `?schema=`), checking or migrating the schema. */
  static async open(url: string, options: PostgresOptions & OpenOptions = {}): Promise<PostgresStorage> {
    const { pool } = await openPool(url, options, options.migrate ?? false);
    return new PostgresStorage(pool);
  }

  async createStudy(study: NewStudy, now: number): Promise<Study> {
    const row = studyToRow(study, randomUUID(), now);
    try {
      await this.pool.query(query('insertStudy', [
        row.id, row.name, row.direction, row.space, row.sampler, row.pruner, row.user_attrs, row.lease_seconds, row.max_retry, row.created_at,
        row.objective_spec,
      ]));
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (code === '23505' && constraint === 'studies_name_key') {
        throw new DomainError('study_exists', `a study named "${study.name}" exists`, 'name');
      }
      throw mapPostgresError(error);
    }
    return rowToStudy(row);
  }

  async getStudy(id: string): Promise<Study | null> {
    const [row] = await rows<StudyRow>(this.pool, 'getStudy', [id]);
    return row === undefined ? null : rowToStudy(row);
  }

  async listStudies(): Promise<StudySummary[]> {
    const [studies, aggregates] = await Promise.all([
      rows<StudyRow>(this.pool, 'listStudies'),
      rows<StateAggregateRow>(this.pool, 'aggregates'),
    ]);
    return summarizeStudies(studies, aggregates);
  }

  async studySummary(id: string): Promise<StudySummary | null> {
    const [studies, aggregates] = await Promise.all([
      rows<StudyRow>(this.pool, 'getStudy', [id]),
      rows<StateAggregateRow>(this.pool, 'aggregatesOf', [id]),
    ]);
    return summarizeStudies(studies, aggregates)[0] ?? null;
  }

  async deleteStudy(id: string): Promise<boolean> {
    // In a retried transaction: the cascade locks trials that a concurrent ask may hold while it
    // waits for the study row, a deadlock PostgreSQL breaks by aborting one side.
    return inTransaction(this.pool, async (client) => ((await client.query(query('deleteStudy', [id]))).rowCount ?? 0) > 0);
  }

  async findStudyByName(name: string): Promise<Study | null> {
    const [row] = await rows<StudyRow>(this.pool, 'studyByName', [name]);
    return row === undefined ? null : rowToStudy(row);
  }

  async patchStudyUserAttrs(id: string, patch: Record<string, unknown>): Promise<Study | null> {
    return inTransaction(this.pool, async (client) => {
      const [current] = await rows<{ user_attrs: string }>(client, 'lockStudyAttrs', [id]);
      if (current === undefined) return null;
      const [row] = await rows<StudyRow>(client, 'setStudyAttrs', [id, patchUserAttrs(current.user_attrs, patch)]);
      return row === undefined ? null : rowToStudy(row);
    });
  }

  async patchTrialUserAttrs(studyId: string, trialId: string, patch: Record<string, unknown>): Promise<Trial | null> {
    return inTransaction(this.pool, async (client) => {
      const [current] = await rows<TrialRow>(client, 'lockTrial', [trialId, studyId]);
      if (current === undefined) return null;
      const updated = await rows<TrialRow>(client, 'setTrialAttrs', [trialId, patchUserAttrs(current.user_attrs, patch)]);
      return (await this.withValues(client, updated))[0] ?? null;
    });
  }

  async getStudyNotes(id: string): Promise<StudyNotes | null> {
    return this.readNotes(this.pool, id, 'getStudy');
  }

  /** Compare-and-set under the study's row lock, so concurrent writers of one study's notes take turns. */
  async putStudyNotes(id: string, body: string, expectedVersion: number, now: number): Promise<NotesWrite | null> {
    return inTransaction(this.pool, async (client) => {
      const current = await this.readNotes(client, id, 'lockStudy');
      if (current === null) return null;
      if (current.version !== expectedVersion) return { applied: false, notes: current };
      const notes = { body, version: current.version + 1, updated_at: now };
      await rows(client, 'putNotes', [id, body, notes.version, now]);
      return { applied: true, notes };
    });
  }

  /** A study's notes (version 0 before the first write) after `check` found the study, else null. */
  private async readNotes(on: Queryable, id: string, check: 'getStudy' | 'lockStudy'): Promise<StudyNotes | null> {
    if ((await rows(on, check, [id])).length === 0) return null;
    const [row] = await rows<{ body: string; version: number; updated_at: string | number }>(on, 'getNotes', [id]);
    return row === undefined ? { body: '', version: 0, updated_at: null } : { body: row.body, version: row.version, updated_at: Number(row.updated_at) };
  }

  async addTrials(studyId: string, drafts: TrialDraft[], now: number): Promise<Trial[]> {
    return inTransaction(this.pool, async (client) => {
      const leaseSeconds = await this.lockStudy(client, studyId);
      const added = await this.append(client, studyId, drafts, now, { clientId: null, leaseExpiresAt: now + leaseSeconds * 1000 });
      return rowsToTrials(added, []);
    });
  }

  /**
   * One statement, baytune_commit_ask (see postgres-commit-ask.ts): the study row lock it takes is
   * held for no client round trip, and it commits synchronously like every write (P1; see there for
   * the measurement that made asynchronous commit not worth it).
   */
  async commitAsk(studyId: string, claim: AskClaim, drafts: TrialDraft[]): Promise<AskResult> {
    const holder = { clientId: claim.client_id, leaseExpiresAt: claim.lease_expires_at };
    const numbered = claim.first_number !== undefined;
    const draftRows = await this.draftRows(studyId, numbered ? drafts : drafts.slice(0, claim.count), claim.now, holder);
    const values = [studyId, claim.client_id, claim.request_key, claim.count, claim.now, claim.lease_expires_at, JSON.stringify(draftRows), claim.first_number ?? null];
    let result: { ask: CommitAskAnswer } | undefined;
    try {
      [result] = await withRetries(() => rows<{ ask: CommitAskAnswer }>(this.pool, 'commitAsk', values));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'P0002') throw new DomainError('study_not_found', `no study ${studyId}`);
      if (code === STALE_DRAFTS_SQLSTATE) return { outcome: 'stale' };
      throw error;
    }
    const answer = (result as { ask: CommitAskAnswer }).ask;
    if (answer.replayed) return { outcome: 'replayed', trials: await this.withValues(this.pool, answer.trials) };
    const rowsOf = (ids: readonly string[]): TrialRow[] => answer.trials.filter((row) => ids.includes(row.id));
    const draftOf = new Map(draftRows.map((row, index) => [row.id, index]));
    const fresh = answer.trials.filter((row) => draftOf.has(row.id));
    // Held trials may carry intermediate values; claimed WAITING trials and fresh ones have none yet.
    const held = await this.withValues(this.pool, rowsOf(answer.held));
    return committedAsk(held, rowsToTrials(rowsOf(answer.claimed), []), rowsToTrials(fresh, []), draftOf.get(fresh[0]?.id ?? '') ?? 0);
  }

  /**
   * The held trials, then the counts: two statements. NOTE: one statement returning the held rows
   * as json_agg cost PostgreSQL more CPU than these two (bench:load, 1 server, 3 runs each:
   * 1.05-1.37 vs 0.77-0.93 ms of database CPU per pair).
   */
  async askView(studyId: string, clientId: string | null): Promise<AskView> {
    const held = clientId === null ? [] : await this.withValues(this.pool, await rows<TrialRow>(this.pool, 'runningOf', [studyId, clientId]));
    return { held, counts: await this.countTrials(studyId) };
  }

  async countTrials(studyId: string): Promise<TrialCounts> {
    const [row] = await rows<{ total: number; waiting: string }>(this.pool, 'countTrials', [studyId]);
    return { total: Number(row?.total ?? 0), waiting: Number(row?.waiting ?? 0) };
  }

  async getTrial(studyId: string, trialId: string): Promise<Trial | null> {
    const [trial] = await this.withValues(this.pool, await rows<TrialRow>(this.pool, 'getTrial', [trialId, studyId]));
    return trial ?? null;
  }

  async listTrials(studyId: string, query: TrialPageQuery): Promise<Trial[]> {
    const after = query.after ?? -1;
    const page = query.states === undefined
      ? await rows<TrialRow>(this.pool, 'page', [studyId, after, query.limit])
      : await rows<TrialRow>(this.pool, 'pageInStates', [studyId, after, query.states, query.limit]);
    return this.withValues(this.pool, page);
  }

  async bestTrial(studyId: string, direction: Direction): Promise<Trial | null> {
    const best = await rows<TrialRow>(this.pool, direction === 'minimize' ? 'bestMin' : 'bestMax', [studyId]);
    return (await this.withValues(this.pool, best))[0] ?? null;
  }

  async finishTrial(studyId: string, trialId: string, finish: TrialFinish): Promise<CasResult | null> {
    const values = [trialId, studyId, finish.state, finish.value, finish.fail_reason];
    const outcome = [metricValuesText(finish.values), feasibleFlag(finish.feasible)];
    if (finish.user_attrs === undefined || Object.keys(finish.user_attrs).length === 0) {
      return this.finished(this.pool, studyId, trialId, [...values, null, finish.now, ...outcome]);
    }
    return inTransaction(this.pool, async (client) => {
      const [current] = await rows<TrialRow>(client, 'lockTrial', [trialId, studyId]);
      if (current === undefined || !canTransition(current.state as TrialState, finish.state)) return this.casResult(client, studyId, trialId, undefined);
      const userAttrs = mergeUserAttrs(current.user_attrs, finish.user_attrs);
      return this.finished(client, studyId, trialId, [...values, userAttrs, finish.now, ...outcome]);
    });
  }

  /** Runs the `finish` update; when applied, its row carries the intermediate values, so no second query. */
  private async finished(on: Queryable, studyId: string, trialId: string, values: unknown[]): Promise<CasResult | null> {
    const [done] = await rows<TrialRow & { intermediates: IntermediateValue[] }>(on, 'finish', values);
    if (done === undefined) return this.casResult(on, studyId, trialId, undefined);
    return { applied: true, trial: rowToTrial(done, done.intermediates) };
  }

  async addIntermediate(studyId: string, trialId: string, step: number, value: number, now: number, leaseExpiresAt: number): Promise<CasResult | null> {
    return inTransaction(this.pool, async (client) => {
      const [renewed] = await rows<TrialRow>(client, 'renewLease', [trialId, studyId, now, leaseExpiresAt]);
      if (renewed !== undefined) await rows(client, 'upsertValue', [trialId, step, value]);
      return this.casResult(client, studyId, trialId, renewed);
    });
  }

  async heartbeat(studyId: string, trialId: string, now: number, leaseExpiresAt: number): Promise<CasResult | null> {
    const [renewed] = await rows<TrialRow>(this.pool, 'renewLease', [trialId, studyId, now, leaseExpiresAt]);
    return this.casResult(this.pool, studyId, trialId, renewed);
  }

  async reapExpiredLeases(now: number): Promise<Trial[]> {
    return inTransaction(this.pool, async (client) => {
      const reaped = (await rows<TrialRow & { max_retry: number }>(client, 'reap', [LEASE_EXPIRED, now])).sort(byNumber);
      for (const row of reaped) {
        if (row.attempt >= row.max_retry) continue;
        await this.append(client, row.study_id, [retryDraft(row)], now, { clientId: null, leaseExpiresAt: null });
      }
      return this.withValues(client, reaped.map(({ max_retry: _maxRetry, ...row }) => row));
    });
  }

  async forgetAskRequests(before: number): Promise<number> {
    return (await rows(this.pool, 'forgetAsks', [before])).length;
  }

  async ping(): Promise<void> {
    await rows(this.pool, 'ping');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /** Locks the study row (as number allocation will) and returns its lease_seconds; throws study_not_found. */
  private async lockStudy(client: PoolClient, studyId: string): Promise<number> {
    const [study] = await rows<{ lease_seconds: number }>(client, 'lockStudy', [studyId]);
    if (study === undefined) throw new DomainError('study_not_found', `no study ${studyId}`);
    return study.lease_seconds;
  }

  /** A conditional update's outcome: applied with its row, else the current trial (null when none). */
  private async casResult(on: Queryable, studyId: string, trialId: string, updated: TrialRow | undefined): Promise<CasResult | null> {
    const row = updated ?? (await rows<TrialRow>(on, 'getTrial', [trialId, studyId]))[0];
    if (row === undefined) return null;
    const [trial] = await this.withValues(on, [row]);
    return { applied: updated !== undefined, trial: trial as Trial };
  }

  /** Appends drafts with the study's next numbers (locking the study row); throws study_not_found. */
  private async append(client: PoolClient, studyId: string, drafts: readonly TrialDraft[], now: number, holder: Holder): Promise<TrialRow[]> {
    if (drafts.length === 0) return [];
    const added = await this.draftRows(studyId, drafts, now, holder, client);
    const numbered = await rows<{ id: string; number: number }>(client, 'insertTrials', [JSON.stringify(added), studyId, added.length]);
    if (numbered.length !== added.length) throw new DomainError('study_not_found', `no study ${studyId}`);
    const numbers = new Map(numbered.map((row) => [row.id, row.number]));
    return added.map((row) => ({ ...row, number: numbers.get(row.id) as number }));
  }

  /** Drafts -> rows numbered by offset 0..n-1 (the insert adds the study's next number). */
  private async draftRows(studyId: string, drafts: readonly TrialDraft[], now: number, holder: Holder, on: Queryable = this.pool): Promise<TrialRow[]> {
    const draftRows: TrialRow[] = [];
    for (const [offset, draft] of drafts.entries()) {
      const attempt = draft.retry_of ? await this.attemptAfter(on, draft.retry_of) : 0;
      draftRows.push(draftToRow(draft, { id: randomUUID(), studyId, number: offset, now, ...holder, attempt }));
    }
    return draftRows;
  }

  private async attemptAfter(on: Queryable, retryOf: string): Promise<number> {
    const [parent] = await rows<{ attempt: number }>(on, 'attemptOf', [retryOf]);
    return (parent?.attempt ?? 0) + 1;
  }

  /** Trial rows -> Trials with their intermediate values, loaded for all rows in one query. */
  private async withValues(on: Queryable, trialRows: TrialRow[]): Promise<Trial[]> {
    if (trialRows.length === 0) return [];
    const values = await rows<IntermediateRow>(on, 'valuesOfTrials', [trialRows.map((row) => row.id)]);
    return rowsToTrials(trialRows, values);
  }
}

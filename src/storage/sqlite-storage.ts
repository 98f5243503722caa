import { randomUUID } from 'node:crypto';
import BetterSqlite3, { type Database, type Transaction } from 'better-sqlite3';
import { DomainError } from '../domain/errors';
import type { Direction, Study } from '../domain/study';
import { canTransition, type Trial, type TrialState } from '../domain/trial';
import type {
  AskClaim, AskResult, AskView, CasResult, NewStudy, NotesWrite, Storage, StudyNotes, StudySummary, TrialCounts, TrialDraft, TrialFinish,
  TrialPageQuery,
} from './port';
import {
  LEASE_EXPIRED, draftToRow, feasibleFlag, mergeUserAttrs, metricValuesText, patchUserAttrs, retryDraft, rowToStudy, rowsToTrials, studyToRow,
  type IntermediateRow, type StudyRow, type TrialRow,
} from './rows';
import type { MigrationOutcome, OpenOptions } from './schema-version';
import { committedAsk, draftsForNumbers } from './numbered-drafts';
import { migrateSqliteDatabase } from './sqlite-migrations';
import { prepareStatements, type SqliteStatements } from './sqlite-statements';
import { summarizeStudies, type StateAggregateRow } from './summaries';

/** The holder and lease of trials appended RUNNING. */
interface Holder {
  clientId: string | null;
  leaseExpiresAt: number | null;
}

const byNumber = (a: TrialRow, b: TrialRow): number => a.number - b.number;

/** Thrown inside commitAsk's transaction when its numbered drafts are stale (see draftsForNumbers). */
const STALE_DRAFTS = Symbol('stale drafts');

/** SQLite result codes that mean "the database cannot serve now", not "the request is wrong". */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|CORRUPT|NOTADB|PROTOCOL)/;

/** Maps driver errors to DomainErrors: busy, I/O or closed-connection failures are storage_unavailable. */
function mapSqliteError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if ((typeof code === 'string' && UNAVAILABLE.test(code)) || /connection is not open/.test(message)) {
    return new DomainError('storage_unavailable', `SQLite database unavailable: ${message}`);
  }
  return error;
}

/**
 * Opens the file with the settings every statement needs. The journal mode is set only after the
 * schema check (useWal), so refusing a foreign or newer file leaves it as it was.
 */
function connect(path: string): Database {
  try {
    const db = new BetterSqlite3(path);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    throw mapSqliteError(error);
  }
}

function useWal(db: Database): void {
  db.pragma('journal_mode = WAL');
  // NOTE: WAL with synchronous=NORMAL loses no committed transaction when the process is killed
  // (kill -9), only on power loss; FULL would fsync every tell and cost most of the throughput.
  db.pragma('synchronous = NORMAL');
}

/**
 * Brings the SQLite database at `path` to this code's schema (what `baytune migrate` runs for a
 * file path). Creates the file when missing. Throws DomainError('schema_mismatch') for a newer
 * schema or a foreign database.
 */
export function migrateSqlite(path: string): MigrationOutcome {
  const db = connect(path);
  try {
    const outcome = migrateSqliteDatabase(db, path, true);
    useWal(db);
    return outcome;
  } finally {
    db.close();
  }
}

/**
 * Storage in one SQLite file (better-sqlite3, WAL). Calls run synchronously on the event loop, so
 * they are serial within a process; read-then-write steps run in BEGIN IMMEDIATE transactions so
 * other processes on the same file (a CLI, a restarted server) see them atomically. Every statement
 * is prepared once; input reaches SQL only as bound parameters.
 */
export class SqliteStorage implements Storage {
  private readonly sql: SqliteStatements;
  private readonly transaction: Transaction<(work: () => unknown) => unknown>;

  private constructor(private readonly db: Database) {
    this.sql = prepareStatements(db);
    this.transaction = db.transaction((work: () => unknown) => work());
  }

  /**
   * Opens (creating when missing) the database at `path`. An empty file is migrated; an older
   * schema is migrated only with `options.migrate`, else DomainError('schema_mismatch').
   */
  static open(path: string, options: OpenOptions = {}): SqliteStorage {
    const db = connect(path);
    try {
      migrateSqliteDatabase(db, path, options.migrate ?? false);
      useWal(db);
      return new SqliteStorage(db);
    } catch (error) {
      db.close();
      throw mapSqliteError(error);
    }
  }

  createStudy(study: NewStudy, now: number): Promise<Study> {
    return this.run(() => {
      const row = studyToRow(study, randomUUID(), now);
      try {
        this.sql.insertStudy.run(row);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        throw new DomainError('study_exists', `a study named "${study.name}" exists`, 'name');
      }
      return rowToStudy(row);
    });
  }

  getStudy(id: string): Promise<Study | null> {
    return this.run(() => {
      const row = this.sql.getStudy.get(id) as StudyRow | undefined;
      return row === undefined ? null : rowToStudy(row);
    });
  }

  listStudies(): Promise<StudySummary[]> {
    return this.run(() => this.transaction.deferred(() => summarizeStudies(
      this.sql.listStudies.all() as StudyRow[],
      this.sql.aggregates.all() as StateAggregateRow[],
    )) as StudySummary[]);
  }

  studySummary(id: string): Promise<StudySummary | null> {
    return this.run(() => this.transaction.deferred(() => {
      const row = this.sql.getStudy.get(id) as StudyRow | undefined;
      if (row === undefined) return null;
      return summarizeStudies([row], this.sql.aggregatesOf.all(id) as StateAggregateRow[])[0] ?? null;
    }) as StudySummary | null);
  }

  deleteStudy(id: string): Promise<boolean> {
    return this.run(() => this.sql.deleteStudy.run(id).changes > 0);
  }

  findStudyByName(name: string): Promise<Study | null> {
    return this.run(() => {
      const row = this.sql.studyByName.get(name) as StudyRow | undefined;
      return row === undefined ? null : rowToStudy(row);
    });
  }

  patchStudyUserAttrs(id: string, patch: Record<string, unknown>): Promise<Study | null> {
    return this.run(() => this.transaction.immediate(() => {
      const row = this.sql.getStudy.get(id) as StudyRow | undefined;
      if (row === undefined) return null;
      row.user_attrs = patchUserAttrs(row.user_attrs, patch);
      this.sql.setStudyAttrs.run(row.user_attrs, id);
      return rowToStudy(row);
    }) as Study | null);
  }

  patchTrialUserAttrs(studyId: string, trialId: string, patch: Record<string, unknown>): Promise<Trial | null> {
    return this.run(() => this.transaction.immediate(() => {
      const row = this.sql.getTrial.get(trialId, studyId) as TrialRow | undefined;
      if (row === undefined) return null;
      row.user_attrs = patchUserAttrs(row.user_attrs, patch);
      this.sql.setTrialAttrs.run(row.user_attrs, trialId);
      return this.withValues([row])[0] as Trial;
    }) as Trial | null);
  }

  getStudyNotes(id: string): Promise<StudyNotes | null> {
    return this.run(() => this.transaction.deferred(() => this.readNotes(id)) as StudyNotes | null);
  }

  putStudyNotes(id: string, body: string, expectedVersion: number, now: number): Promise<NotesWrite | null> {
    return this.run(() => this.transaction.immediate(() => {
      const current = this.readNotes(id);
      if (current === null) return null;
      if (current.version !== expectedVersion) return { applied: false, notes: current };
      const notes = { body, version: current.version + 1, updated_at: now };
      this.sql.putNotes.run({ id, body, version: notes.version, now });
      return { applied: true, notes };
    }) as NotesWrite | null);
  }

  /** The notes of a study (version 0 before the first write), or null when the study does not exist. */
  private readNotes(id: string): StudyNotes | null {
    if (this.sql.studyExists.get(id) === undefined) return null;
    const row = this.sql.getNotes.get(id) as StudyNotes | undefined;
    return row ?? { body: '', version: 0, updated_at: null };
  }

  addTrials(studyId: string, drafts: TrialDraft[], now: number): Promise<Trial[]> {
    return this.run(() => this.transaction.immediate(() => {
      const study = this.requireStudy(studyId);
      const rows = this.append(studyId, drafts, now, { clientId: null, leaseExpiresAt: now + study.lease_seconds * 1000 });
      return rowsToTrials(rows, []);
    }) as Trial[]);
  }

  async commitAsk(studyId: string, claim: AskClaim, drafts: TrialDraft[]): Promise<AskResult> {
    return this.commitAskOnce(studyId, claim, drafts).catch((error: unknown) => {
      if (error === STALE_DRAFTS) return { outcome: 'stale' } as const;
      throw error;
    });
  }

  private commitAskOnce(studyId: string, claim: AskClaim, drafts: TrialDraft[]): Promise<AskResult> {
    return this.run(() => this.transaction.immediate(() => {
      if (this.sql.studyExists.get(studyId) === undefined) throw new DomainError('study_not_found', `no study ${studyId}`);
      const keyed = claim.client_id !== null && claim.request_key !== null;
      if (keyed) {
        const seen = this.sql.askRequest.get(studyId, claim.client_id, claim.request_key) as string | undefined;
        if (seen !== undefined) return { outcome: 'replayed', trials: this.withValues(this.sql.trialsByIds.all(seen) as TrialRow[]) };
      }
      const held = keyed ? (this.sql.runningOf.all(studyId, claim.client_id) as TrialRow[]).slice(0, claim.count) : [];
      const counts = this.sql.countTrials.get({ study: studyId }) as TrialCounts;
      // NOTE: the count is exact inside the transaction, so with no WAITING trial the claim is skipped:
      // its UPDATE cost about 60 us even when it changed no row, and with it every ask paid it. bench:load's
      // random phase on SQLite (32 clients, one machine, back to back): 934-1,002 pairs/s at 1.06-1.12 ms
      // of server CPU a pair with the claim on every ask, 1,131-1,166 at 0.92-0.94 ms without (five runs).
      const claimed = counts.waiting === 0 ? [] : (this.sql.claimWaiting.all({
        study_id: studyId, client_id: claim.client_id, now: claim.now, lease: claim.lease_expires_at, count: claim.count - held.length,
      }) as TrialRow[]).sort(byNumber);
      const next = counts.total;
      const wanted = draftsForNumbers(drafts, claim.first_number, next, claim.count - held.length - claimed.length);
      // Thrown to roll the transaction back (claims included); commitAsk answers stale.
      if (wanted === null) throw STALE_DRAFTS;
      const fresh = this.append(studyId, wanted.drafts, claim.now, { clientId: claim.client_id, leaseExpiresAt: claim.lease_expires_at });
      const handed = [...held, ...claimed, ...fresh];
      if (keyed && handed.length > 0) {
        this.sql.insertAskRequest.run(studyId, claim.client_id, claim.request_key, JSON.stringify(handed.map((r) => r.id)), claim.now);
      }
      // Claimed WAITING trials and fresh ones have no intermediate values yet; held ones may.
      return committedAsk(this.withValues(held), rowsToTrials(claimed, []), rowsToTrials(fresh, []), wanted.first);
    }) as AskResult);
  }

  askView(studyId: string, clientId: string | null): Promise<AskView> {
    return this.run(() => ({
      held: clientId === null ? [] : this.withValues(this.sql.runningOf.all(studyId, clientId) as TrialRow[]),
      counts: this.sql.countTrials.get({ study: studyId }) as TrialCounts,
    }));
  }

  countTrials(studyId: string): Promise<TrialCounts> {
    return this.run(() => this.sql.countTrials.get({ study: studyId }) as TrialCounts);
  }

  getTrial(studyId: string, trialId: string): Promise<Trial | null> {
    return this.run(() => {
      const row = this.sql.getTrial.get(trialId, studyId) as TrialRow | undefined;
      return row === undefined ? null : this.withValues([row])[0] as Trial;
    });
  }

  listTrials(studyId: string, query: TrialPageQuery): Promise<Trial[]> {
    return this.run(() => this.transaction.deferred(() => {
      const after = query.after ?? -1;
      const rows = query.states === undefined
        ? this.sql.page.all(studyId, after, query.limit)
        : this.sql.pageInStates.all(studyId, after, JSON.stringify(query.states), query.limit);
      return this.withValues(rows as TrialRow[]);
    }) as Trial[]);
  }

  bestTrial(studyId: string, direction: Direction): Promise<Trial | null> {
    return this.run(() => {
      const statement = direction === 'minimize' ? this.sql.bestMin : this.sql.bestMax;
      const row = statement.get(studyId) as TrialRow | undefined;
      return row === undefined ? null : this.withValues([row])[0] as Trial;
    });
  }

  /**
   * One conditional UPDATE ... RETURNING (a PRUNED trial's last reported value read inside it);
   * with user attributes to merge, it runs after a read in one IMMEDIATE transaction.
   */
  finishTrial(studyId: string, trialId: string, finish: TrialFinish): Promise<CasResult | null> {
    const update = (userAttrs: string | null): CasResult | null => {
      const done = this.sql.finish.get({
        id: trialId, study_id: studyId, state: finish.state, value: finish.value, metric_values: metricValuesText(finish.values),
        feasible: feasibleFlag(finish.feasible), fail_reason: finish.fail_reason, user_attrs: userAttrs, now: finish.now,
      });
      const row = (done ?? this.sql.getTrial.get(trialId, studyId)) as TrialRow | undefined;
      return row === undefined ? null : { applied: done !== undefined, trial: this.withValues([row])[0] as Trial };
    };
    if (finish.user_attrs === undefined || Object.keys(finish.user_attrs).length === 0) return this.run(() => update(null));
    return this.run(() => this.transaction.immediate(() => {
      const row = this.sql.getTrial.get(trialId, studyId) as TrialRow | undefined;
      if (row === undefined) return null;
      if (!canTransition(row.state as TrialState, finish.state)) return { applied: false, trial: this.withValues([row])[0] as Trial };
      return update(mergeUserAttrs(row.user_attrs, finish.user_attrs));
    }) as CasResult | null);
  }

  addIntermediate(studyId: string, trialId: string, step: number, value: number, now: number, leaseExpiresAt: number): Promise<CasResult | null> {
    return this.renew(studyId, trialId, now, leaseExpiresAt, () => this.sql.upsertValue.run(trialId, step, value));
  }

  heartbeat(studyId: string, trialId: string, now: number, leaseExpiresAt: number): Promise<CasResult | null> {
    return this.renew(studyId, trialId, now, leaseExpiresAt, () => undefined);
  }

  reapExpiredLeases(now: number): Promise<Trial[]> {
    return this.run(() => this.transaction.immediate(() => {
      const reaped = (this.sql.reap.all({ reason: LEASE_EXPIRED, now }) as TrialRow[]).sort(byNumber);
      for (const row of reaped) {
        const maxRetry = this.sql.maxRetry.get(row.study_id) as number;
        if (row.attempt < maxRetry) this.append(row.study_id, [retryDraft(row)], now, { clientId: null, leaseExpiresAt: null });
      }
      return this.withValues(reaped);
    }) as Trial[]);
  }

  forgetAskRequests(before: number): Promise<number> {
    return this.run(() => this.sql.forgetAsks.run(before).changes);
  }

  ping(): Promise<void> {
    return this.run(() => { this.sql.ping.get(); });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Runs synchronous work, turning driver failures into DomainErrors on the returned promise. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(mapSqliteError(error));
    }
  }

  private requireStudy(studyId: string): StudyRow {
    const study = this.sql.getStudy.get(studyId) as StudyRow | undefined;
    if (study === undefined) throw new DomainError('study_not_found', `no study ${studyId}`);
    return study;
  }

  /** While RUNNING: runs `write`, then sets heartbeat_at and the new lease. */
  private renew(studyId: string, trialId: string, now: number, leaseExpiresAt: number, write: () => unknown): Promise<CasResult | null> {
    return this.run(() => this.transaction.immediate(() => {
      const row = this.sql.getTrial.get(trialId, studyId) as TrialRow | undefined;
      if (row === undefined) return null;
      if (row.state !== 'RUNNING') return { applied: false, trial: this.withValues([row])[0] };
      write();
      this.sql.renewLease.run(now, leaseExpiresAt, trialId);
      return { applied: true, trial: this.withValues([{ ...row, heartbeat_at: now, lease_expires_at: leaseExpiresAt }])[0] };
    }) as CasResult | null);
  }

  /** Appends drafts with the study's next numbers (caller holds the write transaction). */
  private append(studyId: string, drafts: readonly TrialDraft[], now: number, holder: Holder): TrialRow[] {
    let number = this.sql.nextNumber.get(studyId) as number;
    return drafts.map((draft) => {
      const parentAttempt = draft.retry_of ? (this.sql.attemptOf.get(draft.retry_of) as number | undefined) : undefined;
      const attempt = draft.retry_of ? (parentAttempt ?? 0) + 1 : 0;
      const row = draftToRow(draft, { id: randomUUID(), studyId, number, now, ...holder, attempt });
      this.sql.insertTrial.run(row);
      number += 1;
      return row;
    });
  }

  /** Trial rows -> Trials with their intermediate values, loaded for all rows in one query. */
  private withValues(rows: TrialRow[]): Trial[] {
    if (rows.length === 0) return [];
    const values = rows.length === 1
      ? this.sql.valuesOfTrial.all((rows[0] as TrialRow).id)
      : this.sql.valuesOfTrials.all(JSON.stringify(rows.map((row) => row.id)));
    return rowsToTrials(rows, values as IntermediateRow[]);
  }
}

import type { ObjectiveSpec } from '../domain/objectives';
import type { Direction, Study } from '../domain/study';
import type { Params } from '../domain/space';
import type { SuggestionReason, Trial, TrialState } from '../domain/trial';

/**
 * What createStudy needs: a Study without its id and creation time, which are the storage's to
 * assign. Without `objectives` the study is the `direction` shorthand (one objective `value`, no
 * constraints); with them, the stored `direction` is the first objective's.
 */
export type NewStudy = Omit<Study, 'id' | 'created_at' | 'objectives' | 'constraints'> & Partial<ObjectiveSpec>;

/**
 * A study with its trial counts per state and its best feasible value so far (null while no
 * feasible trial is COMPLETE, and always on a multi-objective study, whose trials have no `value`).
 */
export interface StudySummary extends Study {
  trial_counts: Record<TrialState, number>;
  best_value: number | null;
}

/**
 * A trial to append. RUNNING drafts get `started_at = now`; COMPLETE ones `completed_at = now` and
 * their `value` (absent on a multi-objective study), `values` and `feasible` (both absent on a
 * study of the `direction` shorthand: see rowToTrial).
 */
export interface TrialDraft {
  state: 'WAITING' | 'RUNNING' | 'COMPLETE';
  params: Params;
  value?: number;
  values?: Record<string, number>;
  feasible?: boolean;
  reason?: SuggestionReason | null;
  user_attrs?: Record<string, unknown>;
  retry_of?: string | null;
}

/** A study's notes (markdown text) and their version: 0 until first written, +1 per write. */
export interface StudyNotes {
  body: string;
  version: number;
  /** Epoch ms of the last write; null until first written. */
  updated_at: number | null;
}

/** The outcome of putStudyNotes: `applied` false when the stored version was not the expected one. */
export interface NotesWrite {
  applied: boolean;
  notes: StudyNotes;
}

/** Who is asking, and the lease a handed-out trial gets. Times are epoch milliseconds. */
export interface AskClaim {
  client_id: string | null;
  /** With client_id: makes the ask idempotent (same key -> same trials). */
  request_key: string | null;
  count: number;
  now: number;
  lease_expires_at: number;
  /**
   * When set, drafts are numbered: drafts[i] is the point meant for trial number first_number + i
   * (a sampler whose point follows the trial number, computed for a window of numbers). The commit
   * appends the drafts whose numbers the new trials get; when the drafts do not reach those numbers
   * (other asks took them since the count was read), it writes nothing and answers `stale`.
   */
  first_number?: number;
}

/**
 * One trial a committed ask handed out, and how it came to the ask:
 * - `held`: a RUNNING trial client_id already held, handed back (re-delivery; keyed asks only);
 * - `claimed`: a WAITING trial (enqueued, or a retry of an expired lease) moved to RUNNING for client_id;
 * - `appended`: a new RUNNING trial made from `drafts[draft]` of this commitAsk call.
 */
export type HandedTrial =
  | { how: 'held'; trial: Trial }
  | { how: 'claimed'; trial: Trial }
  | { how: 'appended'; trial: Trial; draft: number };

/**
 * The result of commitAsk:
 * - `committed`: this ask's own trials, held ones first, then claimed, then appended, each group
 *   in number order (possibly none: nothing to claim and no drafts);
 * - `replayed`: the (client_id, request_key) was seen before; these are its trials as they are now;
 * - `stale`: numbered drafts (AskClaim.first_number) no longer covered the next numbers; nothing was written.
 */
export type AskResult =
  | { outcome: 'committed'; handed: HandedTrial[] }
  | { outcome: 'replayed'; trials: Trial[] }
  | { outcome: 'stale' };

/** The trials an ask's result hands out, in its order (none when stale). */
export function askedTrials(result: AskResult): Trial[] {
  if (result.outcome === 'replayed') return result.trials;
  return result.outcome === 'committed' ? result.handed.map((h) => h.trial) : [];
}

/**
 * The terminal update of a tell. `values` (the metrics told) and `feasible` are absent on a study
 * of the `direction` shorthand, where `value` says it all; `value` is null on a multi-objective study.
 */
export interface TrialFinish {
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  value: number | null;
  values?: Record<string, number> | null;
  feasible?: boolean | null;
  fail_reason: string | null;
  user_attrs?: Record<string, unknown>;
  now: number;
}

/** Compare-and-set outcome: `applied` false means the trial was not in the required state; `trial` is its current row. */
export interface CasResult {
  applied: boolean;
  trial: Trial;
}

/** Trial counts of a study: all of them, and the queued (WAITING) ones. */
export interface TrialCounts {
  total: number;
  waiting: number;
}

/** The RUNNING trials an asking client holds (re-delivery) and the study's trial counts. */
export interface AskView {
  held: Trial[];
  counts: TrialCounts;
}

/** A page of trials in number order. */
export interface TrialPageQuery {
  states?: TrialState[];
  /** Only trials with number > after. */
  after?: number;
  limit: number;
}

/**
 * The storage port. Contract (tested by test/contract on every implementation):
 * - Safe under concurrent calls from many requests and, for shared databases, many processes.
 * - Trial numbers per study are unique and gapless from 0, in creation order.
 * - State changes are compare-and-set (see domain canTransition); finished trials are immutable,
 *   except their user attributes (annotations, see patchTrialUserAttrs).
 * - Every method that writes either fully applies or leaves nothing behind.
 * - Unknown study or trial ids give null / false, never a throw (except addTrials and commitAsk,
 *   which throw DomainError('study_not_found')); a study name already taken throws
 *   DomainError('study_exists'). A database that cannot be reached throws
 *   DomainError('storage_unavailable').
 * - Times are epoch milliseconds in, ISO-8601 UTC strings out.
 */
export interface Storage {
  /** Creates a study; throws DomainError('study_exists', ..., 'name') when the name is taken. */
  createStudy(study: NewStudy, now: number): Promise<Study>;
  getStudy(id: string): Promise<Study | null>;
  /** All studies, oldest first, with counts and best values. */
  listStudies(): Promise<StudySummary[]>;
  /** One study with its counts and best value (reads only its own trials), or null. */
  studySummary(id: string): Promise<StudySummary | null>;
  /** Deletes a study and all its trials; false when it did not exist. */
  deleteStudy(id: string): Promise<boolean>;
  /** The study with exactly this name (names are unique), or null. */
  findStudyByName(name: string): Promise<Study | null>;
  /**
   * Applies a merge patch to a study's user_attrs (see rows.ts patchUserAttrs: null removes a key),
   * atomically; returns the study after, or null when it does not exist.
   */
  patchStudyUserAttrs(id: string, patch: Record<string, unknown>): Promise<Study | null>;
  /**
   * The same for a trial, in any state: user attributes are annotations, not results, so they stay
   * writable after a trial finished (its state, params and values never change). null when missing.
   */
  patchTrialUserAttrs(studyId: string, trialId: string, patch: Record<string, unknown>): Promise<Trial | null>;
  /** A study's notes (empty body, version 0 before the first write), or null when it does not exist. */
  getStudyNotes(id: string): Promise<StudyNotes | null>;
  /**
   * Writes a study's notes when their stored version is `expectedVersion` (compare-and-set, so two
   * editors never overwrite each other unseen); the write bumps the version. null when the study
   * does not exist. Notes go with their study on delete.
   */
  putStudyNotes(id: string, body: string, expectedVersion: number, now: number): Promise<NotesWrite | null>;

  /**
   * Appends trials (numbers allocated atomically, under a per-study lock). RUNNING drafts get a
   * lease of the study's lease_seconds from `now` and no client; a draft with retry_of continues
   * that trial's retry chain.
   */
  addTrials(studyId: string, drafts: TrialDraft[], now: number): Promise<Trial[]>;

  /**
   * One ask, atomically: (1) if client_id and request_key were seen for this study, return those
   * trials with replayed = true; (2) otherwise, when both are given, hand back the RUNNING trials
   * client_id holds (lowest number first, at most `count`: a restarted worker resumes its trial);
   * (3) claim WAITING trials up to `count` in all (lowest number first; each handed out exactly once
   * across all callers) and move them to RUNNING for client_id; (4) append drafts as RUNNING trials
   * up to `count` in all; (5) remember the trial ids under (client_id, request_key) when both are
   * given and at least one trial was handed out. Answers { outcome: 'replayed' } for (1), else
   * { outcome: 'committed' } saying of each trial whether it was held (2), claimed (3) or appended
   * (4, with its draft's index). May hand out fewer than `count` trials when drafts run short; the
   * caller asks again for the rest. With claim.first_number, step (4) takes the drafts at offset
   * (next trial number - first_number); when they run short of what step (4) needs, the whole ask
   * is rolled back and answers { outcome: 'stale' }.
   */
  commitAsk(studyId: string, claim: AskClaim, drafts: TrialDraft[]): Promise<AskResult>;

  /**
   * What an ask reads before it suggests, in one read: the RUNNING trials `clientId` holds in this
   * study, lowest number first (none when `clientId` is null), and the study's trial counts (as
   * countTrials; zeros for an unknown study).
   */
  askView(studyId: string, clientId: string | null): Promise<AskView>;

  /**
   * How many trials a study has (`total`, the next trial number, since numbers are gapless) and how
   * many of them are WAITING, read in one statement; zeros for an unknown study.
   */
  countTrials(studyId: string): Promise<TrialCounts>;

  getTrial(studyId: string, trialId: string): Promise<Trial | null>;
  /** Trials in number order; at most `limit`. */
  listTrials(studyId: string, query: TrialPageQuery): Promise<Trial[]>;
  /**
   * The COMPLETE trial with the best value for the direction (lowest number on ties) among those not
   * stored infeasible (feasible false), or null.
   */
  bestTrial(studyId: string, direction: Direction): Promise<Trial | null>;

  /**
   * RUNNING -> COMPLETE | PRUNED | FAIL, compare-and-set. null when the trial does not exist.
   * `user_attrs` are merged key by key into the stored ones; a PRUNED trial told without a value
   * keeps the value reported at its highest step.
   */
  finishTrial(studyId: string, trialId: string, finish: TrialFinish): Promise<CasResult | null>;
  /**
   * Records an intermediate value at `step` (a repeated step overwrites) and renews the lease,
   * only while RUNNING. null when the trial does not exist.
   */
  addIntermediate(studyId: string, trialId: string, step: number, value: number, now: number, leaseExpiresAt: number): Promise<CasResult | null>;
  /** Renews a RUNNING trial's lease. null when the trial does not exist. */
  heartbeat(studyId: string, trialId: string, now: number, leaseExpiresAt: number): Promise<CasResult | null>;

  /**
   * Fails every RUNNING trial whose lease expired before `now`, exactly once across all callers,
   * with fail_reason 'lease expired'. For a trial whose retry chain is shorter than its study's
   * max_retry, appends a WAITING trial with the same params and retry_of = the failed trial's id.
   * Returns the trials it failed.
   */
  reapExpiredLeases(now: number): Promise<Trial[]>;

  /**
   * Forgets the (client_id, request_key) records of asks made before `before` (epoch ms): a retry
   * older than that gets fresh trials. Returns how many records went.
   */
  forgetAskRequests(before: number): Promise<number>;

  /** Checks the database answers (for /readyz). Throws DomainError('storage_unavailable') if not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

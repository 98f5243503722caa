import type { AskRequest } from '../api/types';
import { DomainError } from '../domain/errors';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import { createSampler } from '../samplers/registry';
import type { Sampler } from '../samplers/sampler';
import type { AskClaim, Storage, TrialCounts, TrialDraft } from '../storage/port';
import { concurrentDuplicates } from './concurrent-asks';
import { readHistory } from './history-snapshot';
import type { ServiceObserver } from './observer';
import type { SamplerRunner } from './sampler-runner';
import { suggest } from './suggest';

/** Settings of the ask use-case. */
export interface AskSettings {
  /** When the ask's sampler time runs out (epoch ms): the deadline counted from the request's arrival. */
  deadlineAt: number;
  now: () => number;
  observer: ServiceObserver;
  /** Salts the sampler seed: 0 for an anonymous ask, a hash of client_id and request_key otherwise. */
  salt: number;
  runner: SamplerRunner;
  /** Runs work while no other ask of this study runs its round in this process. */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * NOTE: rounds replace duplicates of points other replicas committed meanwhile. With 3 rounds, 2 of
 * 96 concurrent asks (32 clients on 2 PostgreSQL replicas, genetic and auto samplers, whose initial
 * points follow the trial count) came back with no trial; with 8, none in the P2 load test.
 */
const MAX_ROUNDS = 8;

/** Why a trial is failed when another asker was handed the same point first. */
export const DUPLICATE_REASON = 'duplicate of a point suggested concurrently; replaced by a new trial';

/**
 * Hands out `count` RUNNING trials: queued (WAITING) ones first, then the sampler's suggestions.
 * - With client_id and request_key, the ask is idempotent: a replay returns the first answer.
 *   The sampler then proposes `count` points up front, so the one atomic commit can always fill
 *   the request whatever the queue holds by then.
 * - With client_id, trials that client still holds RUNNING are handed back first (a restarted
 *   worker resumes its trial, as in Vizier); a keyed ask records them under its key. They are read
 *   with the trial counts in one storage call (askView), which a count-only sampler's first round uses.
 * - The sampler runs outside any transaction, on a snapshot of the history (only the trial count
 *   for samplers that declare `history: 'count'`); the commit then claims and appends atomically.
 *   When other askers drained the queue in between, another round fills the rest.
 * - P6: rounds of samplers that read the history take turns per study in this process, so each
 *   sees the trials handed out before it as pending. Across replicas, a model-based suggestion that
 *   duplicates a point another replica committed after our snapshot is failed (DUPLICATE_REASON) and
 *   replaced in another round (unkeyed asks).
 */
export async function askTrials(storage: Storage, study: Study, request: AskRequest, settings: AskSettings): Promise<Trial[]> {
  const count = request.count ?? 1;
  const clientId = request.client_id ?? null;
  const requestKey = clientId !== null ? (request.request_key ?? null) : null;
  const { held, counts } = await storage.askView(study.id, clientId);
  if (requestKey !== null && held.length >= count) {
    const handedBack = await handBack(storage, study, { clientId, requestKey, want: count }, settings);
    if (handedBack.length >= count) return handedBack;
  }
  const handedOut: Trial[] = requestKey === null ? [...held] : [];
  const sampler = createSampler(study.sampler, study.space);
  // The first round of a count-only sampler reuses the counts read with the held trials.
  let firstCounts: TrialCounts | undefined = counts;
  for (let round = 0; round < MAX_ROUNDS && handedOut.length < count; round++) {
    const result = await askRound(storage, study, sampler, { clientId, requestKey, want: count - handedOut.length, counts: firstCounts }, settings)
      // Trials already committed are handed out even when a later round finds the grid exhausted.
      .catch((error: unknown) => { if (handedOut.length > 0 && error instanceof DomainError) return { trials: [], final: true }; throw error; });
    firstCounts = undefined;
    handedOut.push(...result.trials);
    if (result.final) break;
  }
  if (handedOut.length === 0) {
    throw new DomainError('storage_unavailable', `every suggestion for study ${study.id} collided with points concurrent asks committed; retry`);
  }
  return handedOut;
}

/**
 * A keyed ask whose client already holds enough RUNNING trials: one commit with no drafts hands
 * them back (or replays the key) without running the sampler; fewer come back when some finished
 * in between.
 */
async function handBack(storage: Storage, study: Study, req: RoundRequest, settings: AskSettings): Promise<Trial[]> {
  return (await storage.commitAsk(study.id, claimFor(study, req, settings.now()), [])).trials;
}

/** The storage claim of a round's request at `now` (epoch ms): new RUNNING trials get the study's lease. */
function claimFor(study: Study, req: RoundRequest, now: number): AskClaim {
  return { client_id: req.clientId, request_key: req.requestKey, count: req.want, now, lease_expires_at: now + study.lease_seconds * 1000 };
}

interface RoundRequest {
  clientId: string | null;
  requestKey: string | null;
  want: number;
  /** Counts already read for this round (first round only); read afresh when absent. */
  counts?: TrialCounts;
}

/** One snapshot -> suggest -> commit round; `final` when no further round may run (a keyed ask or a replay). */
async function askRound(storage: Storage, study: Study, sampler: Sampler, req: RoundRequest, settings: AskSettings): Promise<{ trials: Trial[]; final: boolean }> {
  const need = sampler.history ?? 'full';
  const round = async () => (sampler.byTrialNumber === true
    ? runNumberedRound(storage, study, sampler, req, settings)
    : (await runRound(storage, study, sampler, req, settings)) as { trials: Trial[]; final: boolean });
  return need === 'count' ? round() : settings.exclusive(round);
}

/**
 * NOTE: a numbered sampler's window is the points for the `want` numbers after the count read, plus
 * WINDOW_SLACK more for the numbers other asks may take before this commit; each stale commit
 * quadruples the slack (16, 64, 256, 1024). 64 clients on 2 PostgreSQL replicas (the P2 load test,
 * 320 random or Sobol asks, 1,344 grid asks) never exhausted the bound (no 503).
 */
const WINDOW_SLACK = 16;
const MAX_STALE_ROUNDS = 4;

/** Rounds of a numbered sampler (Sampler.byTrialNumber): re-read and re-suggest while the commit answers stale, a bounded number of times. */
async function runNumberedRound(storage: Storage, study: Study, sampler: Sampler, req: RoundRequest, settings: AskSettings): Promise<{ trials: Trial[]; final: boolean }> {
  for (let attempt = 0, slack = WINDOW_SLACK; attempt < MAX_STALE_ROUNDS; attempt++, slack *= 4) {
    const result = await runRound(storage, study, sampler, { ...req, counts: attempt === 0 ? req.counts : undefined }, settings, slack);
    if (result) return result;
  }
  throw new DomainError('storage_unavailable', `${MAX_STALE_ROUNDS} asks in a row lost their trial numbers to concurrent asks on study ${study.id}; retry`);
}

/** One round; with `slack` (numbered samplers), undefined when the commit was stale. */
async function runRound(storage: Storage, study: Study, sampler: Sampler, req: RoundRequest, settings: AskSettings, slack?: number): Promise<{ trials: Trial[]; final: boolean } | undefined> {
  const need = sampler.history ?? 'full';
  const snapshot = await readHistory(storage, study, need, req.counts);
  const waiting = req.requestKey === null ? snapshot.waiting : 0;
  const want = Math.max(0, req.want - waiting);
  const window = slack === undefined || want === 0 ? want : want + slack;
  const fresh = await suggest(study, sampler, snapshot, { ...settings, count: window });
  const drafts: TrialDraft[] = fresh.map((s) => ({ state: 'RUNNING', params: s.params, reason: s.reason }));
  // A numbered sampler that ran out of points (a grid near its end) returned fewer than asked: claim only what they cover.
  const ranOut = slack !== undefined && fresh.length < window;
  const claim = claimFor(study, ranOut ? { ...req, want: Math.min(req.want, waiting + fresh.length) } : req, settings.now());
  const result = await storage.commitAsk(study.id, slack === undefined ? claim : { ...claim, first_number: snapshot.history.trialCount }, drafts);
  if (result.stale) return undefined;
  const final = result.replayed || req.requestKey !== null;
  if (final || need === 'count' || slack !== undefined) return { trials: result.trials, final };
  const suggested = new Set(drafts.map((d) => JSON.stringify(d.params)));
  const appended = result.trials.filter((t) => suggested.has(JSON.stringify(t.params)));
  const duplicates = await concurrentDuplicates(storage, study, snapshot.history.trialCount, appended);
  for (const dup of duplicates) {
    await storage.finishTrial(study.id, dup.id, { state: 'FAIL', value: null, fail_reason: DUPLICATE_REASON, now: settings.now() });
  }
  return { trials: result.trials.filter((t) => !duplicates.includes(t)), final };
}

import { namedPredictions } from '../domain/named-predictions';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { Suggestion } from '../samplers/sampler';
import type { AskClaim, TrialDraft } from '../storage/port';
import type { RoundOrder, RoundResult, RoundSettings } from './ask-settings';
import { concurrentDuplicates } from './concurrent-asks';

/** Why a trial is failed when another asker was handed the same point first. */
export const DUPLICATE_REASON = 'duplicate of a point suggested concurrently; replaced by a new trial';

/** The storage claim of an ask at `now` (epoch ms): new RUNNING trials get the study's lease. */
export function claimFor(study: Study, order: RoundOrder, now: number): AskClaim {
  return { client_id: order.clientId, request_key: order.requestKey, count: order.want, now, lease_expires_at: now + study.lease_seconds * 1000 };
}

/** The drafts of new RUNNING trials at `suggestions`, in order, their predictions named by metric. */
function runningDrafts(study: Study, suggestions: Suggestion[]): TrialDraft[] {
  return suggestions.map((s) => ({ state: 'RUNNING', params: s.params, reason: namedPredictions(study, s.reason) }));
}

/**
 * Commits one ask's round: claims WAITING trials and appends `suggestions` as RUNNING trials, in
 * one atomic storage call. With `snapshotCount` (the trial count the suggestions were drawn on),
 * an unkeyed ask then fails and drops any appended trial that duplicates a point another replica
 * committed after that snapshot (DUPLICATE_REASON), so the next round replaces it (P6).
 */
export async function commitRound(study: Study, order: RoundOrder, suggestions: Suggestion[], snapshotCount: number | null, settings: RoundSettings): Promise<RoundResult> {
  const drafts = runningDrafts(study, suggestions);
  const result = await settings.storage.commitAsk(study.id, claimFor(study, order, settings.now()), drafts);
  const final = result.replayed || order.requestKey !== null;
  if (final || snapshotCount === null) return { trials: result.trials, final };
  const suggested = new Set(drafts.map((d) => JSON.stringify(d.params)));
  const appended = result.trials.filter((t) => suggested.has(JSON.stringify(t.params)));
  const duplicates = await concurrentDuplicates(settings.storage, study, snapshotCount, appended);
  for (const dup of duplicates) {
    await settings.storage.finishTrial(study.id, dup.id, { state: 'FAIL', value: null, fail_reason: DUPLICATE_REASON, now: settings.now() });
  }
  return { trials: result.trials.filter((t: Trial) => !duplicates.includes(t)), final };
}

/**
 * Commits one round of a numbered sampler: `suggestions[i]` is the point for trial number
 * `firstNumber + i`, and the storage appends the points of the numbers it assigns. Null when the
 * commit was stale (other asks took those numbers since the count was read): nothing was written.
 */
export async function commitNumbered(study: Study, order: RoundOrder, suggestions: Suggestion[], firstNumber: number, settings: RoundSettings): Promise<RoundResult | null> {
  const result = await settings.storage.commitAsk(study.id, { ...claimFor(study, order, settings.now()), first_number: firstNumber }, runningDrafts(study, suggestions));
  if (result.stale) return null;
  return { trials: result.trials, final: result.replayed || order.requestKey !== null };
}

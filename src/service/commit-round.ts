import { namedPredictions } from '../domain/named-predictions';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { Suggestion } from '../samplers/sampler';
import { askedTrials, type AskClaim, type AskResult, type TrialDraft } from '../storage/port';
import type { RoundOrder, RoundResult, RoundSettings } from './ask-settings';
import { concurrentDuplicates, type AskSnapshot } from './concurrent-asks';

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
 * one atomic storage call. With `snapshot` (of the history the suggestions were drawn on), an unkeyed
 * ask then fails and drops any appended trial that duplicates a point another replica committed
 * after that snapshot (DUPLICATE_REASON, see concurrentDuplicates), so the next round replaces it (P6). Which
 * trials were appended is the storage's word (HandedTrial), never a comparison of params.
 */
export async function commitRound(study: Study, order: RoundOrder, suggestions: Suggestion[], snapshot: AskSnapshot | null, settings: RoundSettings): Promise<RoundResult> {
  const result = await settings.storage.commitAsk(study.id, claimFor(study, order, settings.now()), runningDrafts(study, suggestions));
  const final = result.outcome === 'replayed' || order.requestKey !== null;
  if (final || snapshot === null || result.outcome !== 'committed') return { trials: reportFallbacks(study, result, [], settings), final };
  const duplicates = await concurrentDuplicates(settings.storage, study, snapshot, appendedTrials(result));
  for (const dup of duplicates) {
    await settings.storage.finishTrial(study.id, dup.id, { state: 'FAIL', value: null, fail_reason: DUPLICATE_REASON, now: settings.now() });
  }
  return { trials: reportFallbacks(study, result, duplicates, settings), final };
}

/**
 * Commits one round of a numbered sampler: `suggestions[i]` is the point for trial number
 * `firstNumber + i`, and the storage appends the points of the numbers it assigns. Null when the
 * commit was stale (other asks took those numbers since the count was read): nothing was written.
 */
export async function commitNumbered(study: Study, order: RoundOrder, suggestions: Suggestion[], firstNumber: number, settings: RoundSettings): Promise<RoundResult | null> {
  const result = await settings.storage.commitAsk(study.id, { ...claimFor(study, order, settings.now()), first_number: firstNumber }, runningDrafts(study, suggestions));
  if (result.outcome === 'stale') return null;
  return { trials: reportFallbacks(study, result, [], settings), final: result.outcome === 'replayed' || order.requestKey !== null };
}

/** The trials a commit appended from the ask's suggestions (not the held or claimed ones). */
function appendedTrials(result: AskResult): Trial[] {
  return result.outcome === 'committed' ? result.handed.flatMap((h) => (h.how === 'appended' ? [h.trial] : [])) : [];
}

/**
 * The trials `result` hands out, less `dropped` (duplicates failed after the commit), after
 * reporting to the observer each appended one whose reason names a fallback: one count per
 * suggestion a client is handed. NOTE: points were reported when drawn, so a round's points for an
 * ask that had already left with its deadline's fallback were counted though nobody got them, and
 * random fallbacks counted once per ask however many points it took.
 */
function reportFallbacks(study: Study, result: AskResult, dropped: readonly Trial[], settings: RoundSettings): Trial[] {
  for (const trial of appendedTrials(result)) {
    const fallback = trial.reason?.fallback;
    if (fallback && !dropped.includes(trial)) settings.observer.fellBack(study.sampler.type, fallback, study.id);
  }
  return askedTrials(result).filter((t) => !dropped.includes(t));
}

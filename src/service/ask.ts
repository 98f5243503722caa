import { mixSeeds } from '../core/rng';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import { createSampler, historyNeed } from '../samplers/registry';
import type { TrialCounts } from '../storage/port';
import type { AskSettings, RoundOrder, RoundResult } from './ask-settings';
import { claimFor, commitRound } from './commit-round';

const MAX_ROUNDS = 3;

/**
 * Hands out `order.want` RUNNING trials: queued (WAITING) ones first, then the sampler's suggestions.
 * - With client_id and request_key, the ask is idempotent: a replay returns the first answer.
 *   The sampler then proposes `want` points up front, so the one atomic commit can always fill
 *   the request whatever the queue holds by then.
 * - With client_id, trials that client still holds RUNNING are handed back first (a restarted
 *   worker resumes its trial, as in Vizier); a keyed ask records them under its key. They are read
 *   with the trial counts in one storage call (askView), which a count-only sampler's first round uses.
 * - A sampler that reads only the trial count runs here, on the event loop (it costs microseconds).
 *   Model-based samplers run in their study's shared rounds (AskRounds) on the sampler runner.
 * - The sampler runs outside any transaction, on a snapshot; the commit then claims and appends
 *   atomically. When other askers drained the queue in between, another round fills the rest.
 */
export async function askTrials(study: Study, order: RoundOrder, settings: AskSettings): Promise<Trial[]> {
  const { held, counts } = await settings.storage.askView(study.id, order.clientId);
  if (order.requestKey !== null && held.length >= order.want) {
    // One commit with no drafts hands back the held trials (or replays the key) without a sampler.
    const handedBack = await settings.storage.commitAsk(study.id, claimFor(study, order, settings.now()), []);
    if (handedBack.trials.length >= order.want) return handedBack.trials;
  }
  const handedOut: Trial[] = order.requestKey === null ? [...held] : [];
  const round = historyNeed(study.sampler) === 'count' ? countingRound(study, settings, counts) : (o: RoundOrder) => settings.rounds.join(study, o);
  for (let i = 0; i < MAX_ROUNDS && handedOut.length < order.want; i++) {
    const result = await round({ ...order, want: order.want - handedOut.length });
    handedOut.push(...result.trials);
    if (result.final) break;
  }
  return handedOut;
}

/**
 * The rounds of a sampler that reads only the trial count: one sampler instance for the ask; the
 * first round reuses the counts read with the held trials, later ones read them afresh.
 */
function countingRound(study: Study, settings: AskSettings, first: TrialCounts): (order: RoundOrder) => Promise<RoundResult> {
  const sampler = createSampler(study.sampler, study.space);
  let counts: TrialCounts | undefined = first;
  return async (order) => {
    const { total, waiting } = counts ?? (await settings.storage.countTrials(study.id));
    counts = undefined;
    const count = Math.max(0, order.want - (order.requestKey === null ? waiting : 0));
    const seed = order.salt === 0 ? mixSeeds(study.sampler.seed ?? 0, total) : mixSeeds(study.sampler.seed ?? 0, total, order.salt);
    const input = { space: study.space, completed: [], pruned: [], pending: [], count, seed, trialCount: total, studySeed: study.sampler.seed };
    const suggestions = count === 0 ? [] : await sampler.suggest({ ...input, budget: { deadlineMs: Math.max(1, order.deadline.at - settings.now()), now: settings.now } });
    return commitRound(study, order, suggestions, null, settings);
  };
}

import { remainingMs } from '../domain/deadline';
import { DomainError } from '../domain/errors';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import { createSampler, historyNeed, numbersItsPoints } from '../samplers/registry';
import type { Sampler, Suggestion } from '../samplers/sampler';
import { askedTrials, type TrialCounts } from '../storage/port';
import type { AskSettings, RoundOrder, RoundResult } from './ask-settings';
import { objectiveCounts, type HistorySnapshot } from './study-histories';
import { claimFor, commitRound } from './commit-round';
import { askSeed, numberedRound, numberedSeed } from './numbered-round';

/**
 * NOTE: rounds replace duplicates of points other replicas committed meanwhile. With 3 rounds, 2 of
 * 96 concurrent asks (32 clients on 2 PostgreSQL replicas, genetic and auto samplers, whose initial
 * points follow the trial count) came back with no trial; with 8, none in the P2 load test.
 */
const MAX_ROUNDS = 8;


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
    const handedBack = askedTrials(await settings.storage.commitAsk(study.id, claimFor(study, order, settings.now()), []));
    if (handedBack.length >= order.want) return handedBack;
  }
  const handedOut: Trial[] = order.requestKey === null ? [...held] : [];
  const local = historyNeed(study.sampler) === 'count' || numbersItsPoints(study.sampler);
  const round = local ? localRound(study, settings, counts) : (o: RoundOrder) => settings.rounds.join(study, o);
  for (let i = 0; i < MAX_ROUNDS && handedOut.length < order.want; i++) {
    const result = await round({ ...order, want: order.want - handedOut.length })
      // Trials already committed are handed out even when a later round finds the grid exhausted.
      .catch((error: unknown) => { if (handedOut.length > 0 && error instanceof DomainError) return { trials: [], final: true }; throw error; });
    handedOut.push(...result.trials);
    if (result.final) break;
  }
  if (handedOut.length === 0) {
    throw new DomainError('storage_unavailable', `every suggestion for study ${study.id} collided with points concurrent asks committed; retry`);
  }
  return handedOut;
}

/**
 * The rounds of a sampler that runs here, on the event loop (it costs microseconds): one that reads
 * only the trial count, or one that numbers its points. One sampler instance for the ask; the first
 * round of a count-only sampler reuses the counts read with the held trials, later ones read afresh.
 * A numbered sampler (Sampler.byTrialNumber: random, Sobol, grid) runs numberedRound.
 */
function localRound(study: Study, settings: AskSettings, first: TrialCounts): (order: RoundOrder) => Promise<RoundResult> {
  const sampler = createSampler(study.sampler, study.space);
  let counts: TrialCounts | undefined = first;
  const read = async (): Promise<HistorySnapshot> => {
    if ((sampler.history ?? 'full') === 'full') return settings.histories.snapshot(study);
    const { total, waiting } = counts ?? (await settings.storage.countTrials(study.id));
    counts = undefined;
    return { history: { completed: [], pruned: [], pending: [], trialCount: total, ...objectiveCounts(study) }, waiting };
  };
  return async (order) => {
    if (sampler.byTrialNumber !== true) {
      const { history, waiting } = await read();
      const want = Math.max(0, order.want - (order.requestKey === null ? waiting : 0));
      const seed = askSeed(study, history, [order.salt]);
      return commitRound(study, order, await suggestOn(study, sampler, order, history, want, seed, settings), null, settings);
    }
    const suggest = (history: HistorySnapshot['history'], count: number) => suggestOn(study, sampler, order, history, count, numberedSeed(study, history.trialCount), settings);
    return numberedRound(study, order, read, suggest, settings);
  };
}

/** `count` suggestions of a locally run sampler on `history` with the given seed (askSeed, or numberedSeed for numbered points). */
async function suggestOn(study: Study, sampler: Sampler, order: RoundOrder, history: HistorySnapshot['history'], count: number, seed: number, settings: AskSettings): Promise<Suggestion[]> {
  if (count === 0) return [];
  const input = { ...history, space: study.space, count, seed, studySeed: study.sampler.seed };
  return sampler.suggest({ ...input, budget: { deadlineMs: Math.max(1, remainingMs(order.deadline, settings.now())), now: settings.now } });
}

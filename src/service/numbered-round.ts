import { mixSeeds } from '../core/rng';
import { DomainError } from '../domain/errors';
import type { Study } from '../domain/study';
import type { Suggestion } from '../samplers/sampler';
import type { RoundOrder, RoundResult, RoundSettings } from './ask-settings';
import { commitNumbered } from './commit-round';
import type { HistorySnapshot } from './study-histories';

/**
 * NOTE: a numbered round's window is the points for the `want` numbers after the count read, plus
 * WINDOW_SLACK more for the numbers other asks may take before this commit; each stale commit
 * quadruples the slack (16, 64, 256, 1024). 64 clients on 2 PostgreSQL replicas (the P2 load test,
 * 320 random or Sobol asks, 1,344 grid asks) never exhausted the bound (no 503).
 */
const WINDOW_SLACK = 16;
const MAX_STALE_ROUNDS = 4;

/**
 * The seed of an ask's points drawn on a history of `trialCount` trials: the study seed, the count
 * and the ask's salt (0: anonymous). Points that follow the trial number (numberedRound) take salt
 * 0 (see numberedSeed).
 */
export function askSeed(study: Study, trialCount: number, salt: number): number {
  const base = study.sampler.seed ?? 0;
  return salt === 0 ? mixSeeds(base, trialCount) : mixSeeds(base, trialCount, salt);
}

/**
 * The seed of the points that follow the trial number on a history of `trialCount` trials: the
 * study seed and the count only. NOTE: the ask's salt (its client id and request key) is left out.
 * Numbered points need no salt to stay apart (the commit gives each ask its own numbers), and with
 * it the same seeded study gave different trials from run to run: `baytune run` names its workers
 * by host and process id, so `--sampler '{"type": "random", "seed": 1}'` drew other points in every
 * process (and `npm run demo`'s random-search figures moved between runs with the same code).
 */
export function numberedSeed(study: Study, trialCount: number): number {
  return askSeed(study, trialCount, 0);
}

/**
 * One round of points that follow the trial number (a numbered sampler, Sampler.byTrialNumber:
 * random, Sobol, grid; and the random points of a model-based ask whose deadline came first).
 * `suggest(history, n)` draws the points of the n upcoming trial numbers after history.trialCount,
 * and the commit appends the point of the number the storage assigns, so concurrent asks on any
 * replica get distinct points (P2) and the same history gives the same points. While commits come
 * back stale (other asks took those numbers since `read`), it re-reads, a bounded number of times;
 * then a 503 storage_unavailable.
 */
export async function numberedRound(
  study: Study,
  order: RoundOrder,
  read: () => Promise<HistorySnapshot>,
  suggest: (history: HistorySnapshot['history'], count: number) => Promise<Suggestion[]>,
  settings: RoundSettings,
): Promise<RoundResult> {
  for (let attempt = 0, slack = WINDOW_SLACK; attempt < MAX_STALE_ROUNDS; attempt++, slack *= 4) {
    const { history, waiting } = await read();
    const claimable = order.requestKey === null ? waiting : 0;
    const want = Math.max(0, order.want - claimable);
    const window = want === 0 ? 0 : want + slack;
    const suggestions = window === 0 ? [] : await suggest(history, window);
    // A numbered sampler that ran out of points (a grid near its end) returned fewer than asked: claim only what they cover.
    const claimed = suggestions.length < window ? { ...order, want: Math.min(order.want, claimable + suggestions.length) } : order;
    const result = await commitNumbered(study, claimed, suggestions, history.trialCount, settings);
    if (result) return result;
  }
  throw new DomainError('storage_unavailable', `${MAX_STALE_ROUNDS} asks in a row lost their trial numbers to concurrent asks on study ${study.id}; retry`);
}

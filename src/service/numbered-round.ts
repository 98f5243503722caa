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
 * The seed of a model-based ask's (or round's) points drawn on `history`: the study seed, the
 * trial count and, while trials are in flight, the salts of the asks served (each a hash of a
 * client id and request key, 0 for an anonymous ask; see StudyService.ask).
 * NOTE: the salts keep concurrent asks of different workers apart when replicas read one snapshot
 * (a collision still costs only a second round: the commit rejects a duplicate of a pending point).
 * Concurrent asks imply trials in flight, so with none pending the salts are left out: a lone
 * sequential worker gets the study's own stream, and a seeded `baytune run` (whose worker ids hold
 * the process id) suggested different points in every process before.
 */
export function askSeed(study: Study, history: { trialCount: number; pending: readonly unknown[] }, salts: readonly number[]): number {
  const base = study.sampler.seed ?? 0;
  const used = history.pending.length === 0 ? [] : salts.filter((s) => s !== 0);
  return used.length === 0 ? mixSeeds(base, history.trialCount) : mixSeeds(base, history.trialCount, ...used);
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
  return mixSeeds(study.sampler.seed ?? 0, trialCount);
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
    // NOTE: the points cover every wanted trial, not only those the WAITING ones leave: concurrent
    // asks may claim those first, and then the storage appends points instead. Drawn for the
    // trials the claims left, a round whose WAITING trials were taken came back stale, and an ask
    // among many racing for the last queued trials lost MAX_STALE_ROUNDS in a row and answered 503
    // (3 PostgreSQL replicas, 25 queued trials, 100 concurrent asks: 1 of 100 in one CI run).
    const window = order.want === 0 ? 0 : order.want + slack;
    // NOTE: points the queue covers are a fallback, so a sampler's refusal to draw them does not fail
    // an ask the queue can serve: an exhausted grid with on_exhausted 'error' throws grid_exhausted,
    // and its queued trials must still be handed out.
    const covered = claimable >= order.want;
    const suggestions = window === 0 ? [] : await suggest(history, window).catch((error: unknown) => {
      if (covered && error instanceof DomainError) return [];
      throw error;
    });
    // A numbered sampler that ran out of points (a grid near its end) returned fewer than asked: claim only what they cover.
    const claimed = suggestions.length < window ? { ...order, want: Math.min(order.want, claimable + suggestions.length) } : order;
    const result = await commitNumbered(study, claimed, suggestions, history.trialCount, settings);
    if (result) return result;
  }
  throw new DomainError('storage_unavailable', `${MAX_STALE_ROUNDS} asks in a row lost their trial numbers to concurrent asks on study ${study.id}; retry`);
}

import type { Params } from '../../domain/space';
import type { SamplerInput } from '../sampler';

/** The two groups TPE fits a density to, each in trial-number order (pending points last). */
export interface GoodBadSplit {
  good: Params[];
  bad: Params[];
  /**
   * Kernel weights of the good group, aligned with `good` (multi-objective splits: hypervolume
   * contributions, see splitByOutcomes); absent means recency weights (recencyWeights).
   */
  goodWeights?: number[];
}

/**
 * Ranks finished trials (complete by loss, then pruned by their last loss, unreported last) and
 * puts the best min(ceil(gamma x n), cap) in the good group, the rest and `liars` (pending points
 * under the constant liar: assumed worse than anything seen) in the bad group.
 */
export function splitGoodBad(input: Pick<SamplerInput, 'completed' | 'pruned'>, gamma: number, cap: number, liars: readonly Params[]): GoodBadSplit {
  const complete = input.completed.map((t) => ({ number: t.number, params: t.params, rank: [0, t.loss] as const }));
  const pruned = input.pruned.map((t) => ({ number: t.number, params: t.params, rank: [1, t.loss ?? Infinity] as const }));
  const ranked = [...complete, ...pruned].sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.number - b.number);
  const nGood = Math.min(Math.ceil(gamma * ranked.length), cap, ranked.length);
  const byNumber = (a: { number: number }, b: { number: number }): number => a.number - b.number;
  return {
    good: ranked.slice(0, nGood).sort(byNumber).map((t) => t.params),
    bad: [...ranked.slice(nGood).sort(byNumber).map((t) => t.params), ...liars],
  };
}

/**
 * Kernel weights of n observations in trial order: equal up to 25, beyond that the older ones
 * ramp linearly from 1/n up to 1 while the newest 25 keep weight 1 (Optuna's default_weights),
 * so an old region stops dominating once the search has moved on.
 */
export function recencyWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const out = Array.from({ length: ramp }, (_, i) => (ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)));
  return [...out, ...new Array<number>(25).fill(1)];
}

import type { FeatureEncoder } from '../../core/gp/encoding';
import { fnv1aText } from '../../core/fnv1a';
import { Rng } from '../../core/rng';
import type { ObservedTrial } from '../sampler';

/**
 * The trials the GP trains on, in their original order: all of them up to `cap`; past it, the best
 * cap/2 by loss (the region the acquisition exploits, a trust-region-like core) plus cap - cap/2
 * of the rest chosen by greedy farthest-point selection in feature space (so the model still
 * knows where the bad regions are). Deterministic: ties resolve by position.
 */
export function selectTrainingSet<T extends ObservedTrial>(encoder: FeatureEncoder, completed: T[], cap: number): T[] {
  if (completed.length <= cap) return completed;
  const byLoss = completed.map((t, i) => ({ i, loss: t.loss })).sort((a, b) => a.loss - b.loss || a.i - b.i);
  const keep = new Uint8Array(completed.length);
  const bestCount = Math.floor(cap / 2);
  for (let k = 0; k < bestCount; k++) keep[(byLoss[k] as { i: number }).i] = 1;
  const features = completed.map((t) => encoder.encode(t.params));
  const minDist = new Float64Array(completed.length).fill(Infinity);
  const update = (chosen: number): void => {
    const c = features[chosen] as Float64Array;
    features.forEach((f, i) => {
      if (keep[i]) return;
      let s = 0;
      for (let k = 0; k < f.length; k++) s += ((f[k] as number) - (c[k] as number)) ** 2;
      if (s < (minDist[i] as number)) minDist[i] = s;
    });
  };
  keep.forEach((k, i) => k && update(i));
  for (let added = bestCount; added < cap; added++) {
    let far = -1;
    for (let i = 0; i < completed.length; i++) if (!keep[i] && (far < 0 || (minDist[i] as number) > (minDist[far] as number))) far = i;
    if (far < 0) break;
    keep[far] = 1;
    update(far);
  }
  return completed.filter((_, i) => keep[i]);
}

/**
 * The trials the hyperparameters are fitted to: all of `trials` up to `cap`; past it, a uniform
 * sample of `cap` of them, in their original order, drawn by a stream seeded with `key` (the
 * history's, so every replica draws the same sample).
 * NOTE: the sample is uniform so that the fitted length scales describe the data the GP predicts
 * from. The fit saw selectTrainingSet's subset (the best half plus far-apart points) instead, and
 * with many workers that subset held a cluster of good points at a local optimum, in which some
 * inputs hardly matter, plus the corners: the fit gave those inputs length scales of 2.7-4 (the
 * whole history's fit: 0.5-1.0). With them and almost no noise, the GP of 160 trials predicted
 * -3.94 +- 0.14 between trials of -0.8 to -1.7 (Hartmann6, 32 simulated workers, study seed 0;
 * the value there is -1.20, the whole history's fit predicts -1.19 +- 0.28), and whole rounds of
 * 31 points went to such false minima.
 */
export function sampleFitSet<T>(trials: readonly T[], cap: number, key: string): T[] {
  if (trials.length <= cap) return trials.slice();
  const chosen = new Rng(fnv1aText(`${key}|fit-sample`)).shuffle(trials.map((_, i) => i)).slice(0, cap);
  return chosen.sort((a, b) => a - b).map((i) => trials[i] as T);
}

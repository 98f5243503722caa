import type { FeatureEncoder } from '../../core/gp/encoding';
import type { ObservedTrial } from '../sampler';

/**
 * The trials the GP trains on, in their original order: all of them up to `cap`; past it, the best
 * cap/2 by loss (the region the acquisition exploits, a trust-region-like core) plus cap - cap/2
 * of the rest chosen by greedy farthest-point selection in feature space (so the model still
 * knows where the bad regions are). Deterministic: ties resolve by position.
 */
export function selectTrainingSet(encoder: FeatureEncoder, completed: ObservedTrial[], cap: number): ObservedTrial[] {
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

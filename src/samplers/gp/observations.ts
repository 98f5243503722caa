import type { ObservedTrial, SamplerInput } from '../sampler';

/**
 * A trial as the GP learns from it. `standIn`: a failed trial, whose loss is a guess (the worst
 * finished loss), not a measurement; see observedTrials.
 */
export interface GpObservation extends ObservedTrial {
  standIn?: true;
}

/**
 * The trials the GP learns from, in trial-number order: every COMPLETE trial, every PRUNED trial
 * with the loss max(its last reported loss, the median loss of the complete trials), and every
 * FAIL trial as a stand-in (`standIn`) at the worst loss of those (once there is one).
 * NOTE: a pruned trial was stopped because it looked no better than its peers, so it enters the
 * model no better than the median (its region gets explored no further than an average one), and
 * never better than what it reported. A pruned trial with nothing reported gets the median; while
 * no trial is complete, only pruned trials that reported a value are kept (with that value).
 * A failed trial's stand-in makes the loss model itself steer away from a crashing region,
 * alongside the feasibility model (feasibility.ts): with the feasibility model alone, 13.7-15% of
 * the model-guided suggestions on branin_fail failed (one run 89%). The stand-in is a guess, not a
 * measurement, so the model fits its hyperparameters and output warp without it and holds it with
 * extra noise (model.ts, STAND_IN_NOISE).
 */
export function observedTrials(input: Pick<SamplerInput, 'completed' | 'pruned' | 'failed'>): GpObservation[] {
  const failed = input.failed ?? [];
  if (input.pruned.length === 0 && failed.length === 0) return input.completed;
  const median = medianLoss(input.completed);
  const pruned: ObservedTrial[] = [];
  for (const t of input.pruned) {
    const loss = Math.max(t.loss ?? -Infinity, median ?? -Infinity);
    if (Number.isFinite(loss)) pruned.push({ number: t.number, params: t.params, loss });
  }
  const finished = [...input.completed, ...pruned];
  if (finished.length === 0) return [];
  const worst = finished.reduce((w, t) => Math.max(w, t.loss), -Infinity);
  const standIns = failed.map((t): GpObservation => ({ number: t.number, params: t.params, loss: worst, standIn: true }));
  return [...finished, ...standIns].sort((a, b) => a.number - b.number);
}

function medianLoss(trials: ObservedTrial[]): number | undefined {
  if (trials.length === 0) return undefined;
  const s = trials.map((t) => t.loss).sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

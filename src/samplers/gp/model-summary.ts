import type { Params, SearchSpace } from '../../domain/space';
import type { ObservedTrial } from '../sampler';
import { buildModel } from './model';
import { DEFAULT_MAX_TRAIN } from './options';

/** What the dashboard shows of a study's GP. */
export interface ModelSummary {
  /**
   * Relevance of each parameter, summing to 1: the inverse fitted length scale (1 / l) of its
   * value features plus that of its "is active" indicator for conditional parameters, normalised.
   */
  importances: Record<string, number>;
  /** Posterior mean and standard deviation of the LOSS (lower is better) at each params. */
  predict(params: Params[]): { mean: number[]; std: number[] };
}

/** Fewest completed trials for which a summary is given. */
export const SUMMARY_MIN_TRIALS = 3;

/**
 * Fits the gp sampler's model (same encoding, warping, priors and training cap; cached fits are
 * reused) to the completed trials and summarises it. `seed` is the study's sampler seed: the model
 * kept for the study's asks is reused when the history is the same (the fit itself is
 * deterministic given the history). Returns null below SUMMARY_MIN_TRIALS trials.
 */
export function summarizeModel(space: SearchSpace, completed: ObservedTrial[], seed: number): ModelSummary | null {
  if (completed.length < SUMMARY_MIN_TRIALS) return null;
  const model = buildModel(space, completed, { maxTrain: DEFAULT_MAX_TRAIN, stream: String(seed) });
  const relevance: Record<string, number> = {};
  let total = 0;
  model.encoder.groupParam.forEach((name, g) => {
    const r = Math.exp(-(model.gp.hyper.logLengthscales[g] as number));
    relevance[name] = (relevance[name] ?? 0) + r;
    total += r;
  });
  const importances: Record<string, number> = {};
  for (const name of model.encoder.order) importances[name] = (relevance[name] ?? 0) / total;
  return {
    importances,
    predict(params: Params[]) {
      const mean: number[] = [];
      const std: number[] = [];
      for (const p of params) {
        const prediction = model.gp.predict(model.encoder.encode(p));
        const loss = model.warp.toLossUnits(prediction.mean, Math.sqrt(prediction.variance));
        mean.push(loss.mean);
        std.push(loss.sd);
      }
      return { mean, std };
    },
  };
}

import type { FeatureEncoder } from '../../core/gp/encoding';
import { defaultStarts, fitHyperparameters } from '../../core/gp/fit-hyperparameters';
import { GaussianProcess } from '../../core/gp/gaussian-process';
import { defaultPrior } from '../../core/gp/marginal-likelihood';
import { PosteriorEvaluator } from '../../core/gp/posterior-evaluator';
import { Rng } from '../../core/rng';
import type { Params } from '../../domain/space';

/** A model of where trials fail: a GP on success labels and the constants of FeasibilityWeighted. */
export interface FeasibilityModel {
  posterior: PosteriorEvaluator;
  gp: GaussianProcess;
  /** Mean label (+1 success, -1 failure): the latent score far from every trial. */
  baseRate: number;
  /** The fitted label noise variance. */
  labelNoise: number;
}

/** Most trials the feasibility GP is fitted on (the latest failures, then the latest finished). */
const FEASIBILITY_CAP = 200;
const FIT_ITERATIONS = 40;

/**
 * Fits a GP to +1 (finished: complete or pruned) and -1 (failed) labels over the same features as
 * the loss model, centred on their mean, with MAP hyperparameters under the default prior. Null
 * when nothing failed. NOTE: a regression GP on labels (least-squares classification) rather than a
 * GP classifier: no Laplace or EP loop, the same code and priors as the loss model, and its
 * probit-squashed output (FeasibilityWeighted) behaves like a classifier's where labels are dense.
 */
export function fitFeasibility(encoder: FeatureEncoder, finished: Params[], failed: Params[]): FeasibilityModel | null {
  if (failed.length === 0) return null;
  const keptFailed = failed.slice(-FEASIBILITY_CAP);
  const keptFinished = finished.slice(Math.max(0, finished.length - (FEASIBILITY_CAP - keptFailed.length)));
  const labelled = [...keptFinished.map((p) => ({ p, label: 1 })), ...keptFailed.map((p) => ({ p, label: -1 }))];
  const n = labelled.length;
  const d = encoder.dim;
  const X = new Float64Array(n * d);
  labelled.forEach((t, i) => encoder.encode(t.p, X.subarray(i * d, (i + 1) * d)));
  const baseRate = labelled.reduce((s, t) => s + t.label, 0) / n;
  const y = Float64Array.from(labelled, (t) => t.label - baseRate);
  const data = { X, y, n, d, groupOf: encoder.groupOf };
  // Labels are noisy by nature (a crash region has fuzzy edges): no deterministic noise ceiling.
  // The labels are centred on the base rate, which FeasibilityWeighted adds back: a zero prior mean.
  const prior = { ...defaultPrior(encoder.groups, true), constantMean: false };
  const fit = fitHyperparameters(data, prior, defaultStarts(encoder.groups, prior, new Rng(n), 0), FIT_ITERATIONS);
  const gp = new GaussianProcess(data, fit.hyper);
  return { posterior: new PosteriorEvaluator(gp), gp, baseRate, labelNoise: gp.noise };
}

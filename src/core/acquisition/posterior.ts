import type { Rng } from '../rng';

/**
 * What an acquisition sees of a surrogate model: the posterior of the latent loss f over feature
 * vectors x (length `dim`, usually in [0, 1]), in the model's own target units (lower is better).
 * A GP implements it (core/gp/posterior-evaluator); so can a closed-form test posterior or a
 * feasibility-weighted model. Implementations may keep scratch state: one evaluation at a time.
 */
export interface Posterior {
  /** Length of a feature vector. */
  readonly dim: number;
  /** Posterior mean of f at the last `evaluate` point. */
  readonly mean: number;
  /** Posterior variance of f (noise excluded, > 0) at the last `evaluate` point. */
  readonly variance: number;
  /**
   * Sets `mean` and `variance` at x. With dMean and dVar (length dim), also writes d mean / dx and
   * d variance / dx there.
   */
  evaluate(x: Float64Array, dMean?: Float64Array, dVar?: Float64Array): void;
  /**
   * True when evaluate(x, dMean, dVar) right after evaluate(x) at the same x reuses that
   * evaluation (the same numbers, only the gradients' extra work).
   */
  readonly reusesValue?: boolean;
  /**
   * Means and variances at m points, equal to `evaluate` at each. With `worthSolving`, a point for
   * which worthSolving(mean, varianceBound, index) is false may get variance NaN instead, where
   * varianceBound >= its exact variance and index is its position in `points` (so a score that
   * grows with the variance can skip work).
   */
  batch(points: Float64Array[], worthSolving?: (mean: number, varianceBound: number, index: number) => boolean): { mean: Float64Array; variance: Float64Array };
  /** One joint draw of f from the posterior, as a function to evaluate anywhere (Thompson sampling). */
  samplePath(rng: Rng): SamplePath;
}

/** One function drawn from a posterior: f(x) with its gradient. */
export interface SamplePath {
  /** f(x); with grad (length dim), writes df/dx there. */
  value(x: Float64Array, grad?: Float64Array): number;
}

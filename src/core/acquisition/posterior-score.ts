import type { Acquisition } from './acquisition';
import type { Posterior } from './posterior';

/**
 * A score of the posterior at one point and its chain rule: `gradient(dMean, dVar)` is
 * d score / dx_f given d mean / dx_f and d variance / dx_f at that point.
 */
export interface ScoreWithSlopes {
  value: number;
  gradient(dMean: number, dVar: number): number;
}

/**
 * An acquisition that is a function score(mean, sd) of the posterior at the point alone (log EI,
 * UCB), non-decreasing in sd at a fixed mean. Subclasses give the score and its two slopes; this
 * class owns the posterior evaluation with gradients, the loop over features and the batch
 * screening; each score gives its value and its derivative through the mean and the variance.
 */
export abstract class PosteriorScore implements Acquisition {
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;
  /** See Acquisition.gradientAfterValue: true when the posterior reuses a value's evaluation. */
  readonly gradientAfterValue: boolean;

  constructor(protected readonly posterior: Posterior) {
    this.dMean = new Float64Array(posterior.dim);
    this.dVar = new Float64Array(posterior.dim);
    this.gradientAfterValue = posterior.reusesValue === true;
  }

  /** The score at a posterior mean and standard deviation. */
  protected abstract score(mean: number, sd: number): number;

  /** The score and its chain rule at a posterior mean and standard deviation. */
  protected abstract scoreWithSlopes(mean: number, sd: number): ScoreWithSlopes;

  /**
   * See Acquisition.values. NOTE: the score never decreases as the sd grows at a fixed mean, so its
   * value at the exact mean and a variance upper bound bounds it from above: points whose bound is
   * below `floor` skip the exact variance (the GP's triangular solve) and come back -Infinity.
   */
  values(points: Float64Array[], floor?: number): Float64Array {
    const worth = floor === undefined ? undefined : (mean: number, bound: number): boolean => this.score(mean, Math.sqrt(bound)) >= floor;
    const { mean, variance } = this.posterior.batch(points, worth);
    return mean.map((mu, j) => (Number.isNaN(variance[j]) ? -Infinity : this.score(mu, Math.sqrt(variance[j] as number))));
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const p = this.posterior;
    if (!grad) {
      p.evaluate(x);
      return this.score(p.mean, Math.sqrt(p.variance));
    }
    p.evaluate(x, this.dMean, this.dVar);
    const sd = Math.sqrt(p.variance);
    const s = this.scoreWithSlopes(p.mean, sd);
    for (let f = 0; f < grad.length; f++) grad[f] = s.gradient(this.dMean[f] as number, this.dVar[f] as number);
    return s.value;
  }
}

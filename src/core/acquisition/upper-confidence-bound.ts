import type { GaussianProcess } from '../gp/gaussian-process';
import type { Acquisition } from './acquisition';
import { PosteriorEvaluator } from '../gp/posterior-evaluator';

/**
 * Confidence bound for minimisation, as a value to maximise: sqrt(beta) * sd(x) - mean(x)
 * (the negated lower confidence bound), in the GP's target units.
 */
export class UpperConfidenceBound implements Acquisition {
  readonly name = 'ucb';
  private readonly posterior: PosteriorEvaluator;
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;
  private readonly rootBeta: number;

  constructor(gp: GaussianProcess, beta: number) {
    this.posterior = new PosteriorEvaluator(gp);
    this.rootBeta = Math.sqrt(beta);
    this.dMean = new Float64Array(gp.data.d);
    this.dVar = new Float64Array(gp.data.d);
  }

  /** See Acquisition.values: the bound grows with the standard deviation, so a variance upper bound prunes. */
  values(points: Float64Array[], floor?: number): Float64Array {
    const ucb = (mu: number, variance: number): number => this.rootBeta * Math.sqrt(variance) - mu;
    const worth = floor === undefined ? undefined : (mu: number, bound: number): boolean => ucb(mu, bound) >= floor;
    const { mean, variance } = this.posterior.batch(points, worth);
    return mean.map((mu, j) => (Number.isNaN(variance[j]) ? -Infinity : ucb(mu, variance[j] as number)));
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const p = this.posterior;
    if (!grad) {
      p.evaluate(x);
      return this.rootBeta * Math.sqrt(p.variance) - p.mean;
    }
    p.evaluate(x, this.dMean, this.dVar);
    const sd = Math.sqrt(p.variance);
    for (let f = 0; f < grad.length; f++) grad[f] = (this.rootBeta * (this.dVar[f] as number)) / (2 * sd) - (this.dMean[f] as number);
    return this.rootBeta * sd - p.mean;
  }
}

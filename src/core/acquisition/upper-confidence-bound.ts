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

  /** The bound at a posterior mean and variance. */
  private readonly ucb = (mean: number, variance: number): number => this.rootBeta * Math.sqrt(variance) - mean;

  constructor(gp: GaussianProcess, beta: number) {
    this.posterior = new PosteriorEvaluator(gp);
    this.rootBeta = Math.sqrt(beta);
    this.dMean = new Float64Array(gp.data.d);
    this.dVar = new Float64Array(gp.data.d);
  }

  /** See Acquisition.values: the bound grows with the standard deviation, so a variance upper bound prunes. */
  values(points: Float64Array[], floor?: number): Float64Array {
    return this.posterior.scores(points, this.ucb, floor);
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const p = this.posterior;
    if (!grad) {
      p.evaluate(x);
      return this.ucb(p.mean, p.variance);
    }
    p.evaluate(x, this.dMean, this.dVar);
    const sd = Math.sqrt(p.variance);
    for (let f = 0; f < grad.length; f++) grad[f] = (this.rootBeta * (this.dVar[f] as number)) / (2 * sd) - (this.dMean[f] as number);
    return this.rootBeta * sd - p.mean;
  }
}

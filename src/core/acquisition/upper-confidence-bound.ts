import type { GaussianProcess } from '../gp/gaussian-process';
import type { Acquisition } from './acquisition';

/**
 * Confidence bound for minimisation, as a value to maximise: sqrt(beta) * sd(x) - mean(x)
 * (the negated lower confidence bound), in the GP's target units.
 */
export class UpperConfidenceBound implements Acquisition {
  readonly name = 'ucb';
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;
  private readonly rootBeta: number;

  constructor(private readonly gp: GaussianProcess, beta: number) {
    this.rootBeta = Math.sqrt(beta);
    this.dMean = new Float64Array(gp.data.d);
    this.dVar = new Float64Array(gp.data.d);
  }

  values(points: Float64Array[]): Float64Array {
    const { mean, variance } = this.gp.predictBatch(points);
    return mean.map((mu, j) => this.rootBeta * Math.sqrt(variance[j] as number) - mu);
  }

  value(x: Float64Array, grad?: Float64Array): number {
    if (!grad) {
      const p = this.gp.predict(x);
      return this.rootBeta * Math.sqrt(p.variance) - p.mean;
    }
    const p = this.gp.predictWithGradient(x, this.dMean, this.dVar);
    const sd = Math.sqrt(p.variance);
    for (let f = 0; f < grad.length; f++) grad[f] = (this.rootBeta * (this.dVar[f] as number)) / (2 * sd) - (this.dMean[f] as number);
    return this.rootBeta * sd - p.mean;
  }
}

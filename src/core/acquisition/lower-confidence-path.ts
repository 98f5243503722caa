import type { Posterior, SamplePath } from './posterior';

/**
 * The lower confidence bound mean(x) - sqrt(beta) sd(x) of a posterior as an outcome estimate (an
 * optimistic loss or slack), with its gradient: what UCB plugs into ChebyshevScalarized where
 * Thompson sampling plugs a sample path.
 */
export class LowerConfidencePath implements SamplePath {
  private readonly rootBeta: number;
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;

  constructor(private readonly posterior: Posterior, beta: number) {
    this.rootBeta = Math.sqrt(beta);
    this.dMean = new Float64Array(posterior.dim);
    this.dVar = new Float64Array(posterior.dim);
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const p = this.posterior;
    if (!grad) {
      p.evaluate(x);
      return p.mean - this.rootBeta * Math.sqrt(p.variance);
    }
    p.evaluate(x, this.dMean, this.dVar);
    const sd = Math.sqrt(p.variance);
    for (let f = 0; f < grad.length; f++) grad[f] = (this.dMean[f] as number) - (this.rootBeta * (this.dVar[f] as number)) / (2 * sd);
    return p.mean - this.rootBeta * sd;
  }
}

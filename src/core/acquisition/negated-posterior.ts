import type { Rng } from '../rng';
import type { Posterior, SamplePath } from './posterior';

/**
 * The posterior of -f given that of f: means, mean gradients and sample paths negated, variances
 * unchanged. NOTE: lets a "g <= threshold" probability Phi((threshold - mean_g) / sd_g) reuse
 * FeasibilityWeighted, whose form is Phi((baseRate + mean) / sd).
 */
export class NegatedPosterior implements Posterior {
  readonly dim: number;

  constructor(private readonly inner: Posterior) {
    this.dim = inner.dim;
  }

  get mean(): number {
    return -this.inner.mean;
  }

  get variance(): number {
    return this.inner.variance;
  }

  evaluate(x: Float64Array, dMean?: Float64Array, dVar?: Float64Array): void {
    this.inner.evaluate(x, dMean, dVar);
    if (dMean) for (let f = 0; f < dMean.length; f++) dMean[f] = -(dMean[f] as number);
  }

  batch(points: Float64Array[], worthSolving?: (mean: number, varianceBound: number, index: number) => boolean): { mean: Float64Array; variance: Float64Array } {
    const worth = worthSolving && ((mean: number, bound: number, index: number): boolean => worthSolving(-mean, bound, index));
    const { mean, variance } = this.inner.batch(points, worth);
    return { mean: mean.map((v) => -v), variance };
  }

  samplePath(rng: Rng): SamplePath {
    const path = this.inner.samplePath(rng);
    return {
      value(x: Float64Array, grad?: Float64Array): number {
        const v = path.value(x, grad);
        if (grad) for (let f = 0; f < grad.length; f++) grad[f] = -(grad[f] as number);
        return -v;
      },
    };
  }
}

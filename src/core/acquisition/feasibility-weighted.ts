import type { Acquisition } from './acquisition';
import { logNormalCdf } from './normal';
import type { Posterior } from './posterior';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * An acquisition in log space (log EI) plus log P(success): the probability that a configuration
 * runs to completion, from a model `feasibility` of a latent success score g (regressed on +1 for
 * trials that finished and -1 for failed ones, centred on `baseRate`):
 *   P(success | x) = Phi((baseRate + mean_g(x)) / sqrt(var_g(x) + labelNoise)).
 * NOTE: adding logs multiplies EI by the probability, so a region that always crashes is avoided
 * in proportion to the evidence, and a lone failure near the incumbent only lowers its neighbours.
 */
export class FeasibilityWeighted implements Acquisition {
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;

  constructor(private readonly inner: Acquisition, private readonly feasibility: Posterior, private readonly baseRate: number, private readonly labelNoise: number) {
    this.dMean = new Float64Array(feasibility.dim);
    this.dVar = new Float64Array(feasibility.dim);
  }

  /** log P(success) at x. */
  logSuccess(x: Float64Array): number {
    this.feasibility.evaluate(x);
    return logNormalCdf(this.z(this.feasibility.mean, this.feasibility.variance));
  }

  /**
   * See Acquisition.values: log P <= 0, so a point whose inner value is below `floor` stays below
   * it; the probability is not solved for points the inner acquisition already left out.
   */
  values(points: Float64Array[], floor?: number): Float64Array {
    const inner = this.inner.values(points, floor);
    const { mean, variance } = this.feasibility.batch(points, (_mean, _bound, j) => inner[j] !== -Infinity);
    return inner.map((v, j) => (v === -Infinity ? v : v + logNormalCdf(this.z(mean[j] as number, variance[j] as number))));
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const v = this.inner.value(x, grad);
    const p = this.feasibility;
    if (!grad) {
      p.evaluate(x);
      return v + logNormalCdf(this.z(p.mean, p.variance));
    }
    p.evaluate(x, this.dMean, this.dVar);
    const s2 = p.variance + this.labelNoise;
    const s = Math.sqrt(s2);
    const z = (this.baseRate + p.mean) / s;
    const logCdf = logNormalCdf(z);
    // d log Phi / dz = phi(z) / Phi(z), in log space for very negative z.
    const ratio = Math.exp(-0.5 * z * z - LOG_SQRT_2PI - logCdf);
    for (let f = 0; f < grad.length; f++) {
      const dz = (this.dMean[f] as number) / s - (z * (this.dVar[f] as number)) / (2 * s2);
      grad[f] = (grad[f] as number) + ratio * dz;
    }
    return v + logCdf;
  }

  private z(mean: number, variance: number): number {
    return (this.baseRate + mean) / Math.sqrt(variance + this.labelNoise);
  }
}

import type { GaussianProcess } from '../gp/gaussian-process';
import type { Acquisition } from './acquisition';
import { PosteriorEvaluator } from '../gp/posterior-evaluator';
import { erfcx, log1mexp, logNormalCdf, normalCdf, normalPdf } from './normal';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const HALF_LOG_HALF_PI = 0.5 * Math.log(Math.PI / 2);
const INV_SQRT_EPS = 1 / Math.sqrt(Number.EPSILON);

/**
 * log h(z) with h(z) = phi(z) + z Phi(z), so EI = sigma h((best - mu) / sigma).
 * Three branches after Ament et al. 2023 ("Unexpected improvements to expected improvement"):
 * direct for z > -1; for z <= -1, h(z) = phi(z) (1 - sqrt(pi/2) |z| erfcx(|z|/sqrt2)) computed as
 * -z^2/2 - log sqrt(2 pi) + log1mexp(...); and the asymptote -z^2/2 - log sqrt(2 pi) - 2 log|z|
 * once 1/z^2 is below machine precision. Finite for every finite z.
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  if (z > -INV_SQRT_EPS) {
    const inner = Math.log(erfcx(-z / Math.SQRT2) * -z) + HALF_LOG_HALF_PI;
    return -0.5 * z * z - LOG_SQRT_2PI + log1mexp(inner);
  }
  return -0.5 * z * z - LOG_SQRT_2PI - 2 * Math.log(-z);
}

/** d log h / dz = Phi(z) / h(z), computed in log space. */
export function logHDerivative(z: number): number {
  return Math.exp(logNormalCdf(z) - logH(z));
}

/** Plain expected improvement below `best` of N(mean, sd^2): E[max(best - f, 0)]. */
export function expectedImprovement(mean: number, sd: number, best: number): number {
  const z = (best - mean) / sd;
  return sd * (normalPdf(z) + z * normalCdf(z));
}

/**
 * log EI for minimisation: log E[max(best - f(x), 0)] under the GP posterior, in the GP's target
 * units. Stays finite and informative far from the incumbent, where EI itself underflows to 0.
 */
export class LogExpectedImprovement implements Acquisition {
  readonly name = 'log_ei';
  private readonly posterior: PosteriorEvaluator;
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;

  /** log EI at a posterior mean and variance. */
  private readonly logEi = (mean: number, variance: number): number => {
    const sd = Math.sqrt(variance);
    return logH((this.best - mean) / sd) + Math.log(sd);
  };

  constructor(gp: GaussianProcess, private readonly best: number) {
    this.posterior = new PosteriorEvaluator(gp);
    this.dMean = new Float64Array(gp.data.d);
    this.dVar = new Float64Array(gp.data.d);
  }

  /**
   * See Acquisition.values. NOTE: EI grows with the standard deviation at a fixed mean (its
   * derivative in sd is phi(z) > 0), so log EI at the exact mean and a variance upper bound bounds
   * log EI from above: points whose bound is below `floor` skip the triangular solve.
   */
  values(points: Float64Array[], floor?: number): Float64Array {
    return this.posterior.scores(points, this.logEi, floor);
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const p = this.posterior;
    if (!grad) {
      p.evaluate(x);
      return this.logEi(p.mean, p.variance);
    }
    p.evaluate(x, this.dMean, this.dVar);
    const sd = Math.sqrt(p.variance);
    const z = (this.best - p.mean) / sd;
    const dlogh = logHDerivative(z);
    for (let f = 0; f < grad.length; f++) {
      const dsd = (this.dVar[f] as number) / (2 * sd);
      const dz = -((this.dMean[f] as number) + z * dsd) / sd;
      grad[f] = dlogh * dz + dsd / sd;
    }
    return logH(z) + Math.log(sd);
  }
}

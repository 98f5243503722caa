import type { Posterior } from './posterior';
import { PosteriorScore, type ScoreWithSlopes } from './posterior-score';
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
 * log EI for minimisation: log E[max(best - f(x), 0)] under the posterior, in the posterior's
 * target units. Stays finite and informative far from the incumbent, where EI itself underflows to 0.
 */
export class LogExpectedImprovement extends PosteriorScore {

  constructor(posterior: Posterior, private readonly best: number) {
    super(posterior);
  }

  protected score(mean: number, sd: number): number {
    return logH((this.best - mean) / sd) + Math.log(sd);
  }

  /** With z = (best - mean) / sd: d log EI = (log h)'(z) dz + dsd / sd, dz = -(dmean + z dsd) / sd. */
  protected scoreWithSlopes(mean: number, sd: number): ScoreWithSlopes {
    const z = (this.best - mean) / sd;
    const dlogh = logHDerivative(z);
    const gradient = (dMean: number, dVar: number): number => {
      const dsd = dVar / (2 * sd);
      return dlogh * (-(dMean + z * dsd) / sd) + dsd / sd;
    };
    return { value: logH(z) + Math.log(sd), gradient };
  }
}

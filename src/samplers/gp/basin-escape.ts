import type { FeatureRegion } from '../../core/acquisition/excluded-regions';
import type { GaussianProcess } from '../../core/gp/gaussian-process';
import { kernelVector } from '../../core/kernels/matern52';

/**
 * Fractions along the segment from a basin's centre to a point at which the hill-valley test
 * looks for a ridge (three interior points, as in Ursem's hill-valley clustering).
 */
const SEGMENT_TESTS = [0.25, 0.5, 0.75];

/** The posterior mean of a GP at x (target units): k(x)^T alpha, without the variance's solve. */
function posteriorMean(gp: GaussianProcess, x: Float64Array): number {
  const { X, n, d } = gp.data;
  const k = kernelVector(x, X, n, d, gp.weights, gp.outputScale);
  let m = 0;
  for (let i = 0; i < n; i++) m += (k[i] as number) * (gp.alpha[i] as number);
  return m;
}

/**
 * The basin of attraction of a point (features `centre`) under a GP's posterior mean, by the
 * hill-valley test (Ursem 1999): x lies in it when the mean at SEGMENT_TESTS along the segment
 * from the centre to x never rises above the higher of the two ends, so no ridge separates them.
 * NOTE: a ball of one or two length scales around the incumbent was tried first and was too small:
 * on Hartmann6 the held basin's flanks (values down to -2.97 against the basin's -3.20) lie beyond
 * it, so the search beyond the ball climbed back down those flanks.
 */
export function meanBasin(gp: GaussianProcess, centre: Float64Array): FeatureRegion {
  const centreMean = posteriorMean(gp, centre);
  const t = new Float64Array(centre.length);
  return {
    contains(x: Float64Array): boolean {
      const top = Math.max(centreMean, posteriorMean(gp, x));
      for (const s of SEGMENT_TESTS) {
        for (let f = 0; f < t.length; f++) t[f] = (centre[f] as number) + s * ((x[f] as number) - (centre[f] as number));
        if (posteriorMean(gp, t) > top) return false;
      }
      return true;
    },
  };
}

/**
 * Indices of a GP's training rows outside the regions, by increasing posterior mean there
 * (y_i - (noise + jitter) alpha_i, the plug-in incumbent's measure, see GpModel.bestTarget).
 */
export function trainingOutside(gp: GaussianProcess, regions: readonly FeatureRegion[]): number[] {
  const { X, d, n } = gp.data;
  const shrink = gp.noise + gp.factor.jitter;
  const means = gp.data.y.map((t, i) => t - shrink * (gp.alpha[i] as number));
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!regions.some((r) => r.contains(X.subarray(i * d, (i + 1) * d)))) out.push(i);
  return out.sort((a, b) => (means[a] as number) - (means[b] as number));
}

/**
 * The basin of a converged incumbent, or null while the search may still learn there. Converged:
 * the posterior variance of f at the acquisition's best point `top` is at most the fitted noise
 * variance, so one more evaluation there can teach the model no more than the noise it already
 * assumes, and `top` lies in the mean basin (meanBasin) of the incumbent, the training row of
 * lowest posterior mean outside `regions`: the search would only polish that basin.
 * NOTE: measured on Hartmann6 (seeds 1 and 3), this holds from about trial 37-41 on, both where
 * the basin is the global one and where it is the local one (predicted sd about 4e-4 against a
 * noise sd of 1e-3, target units); the model cannot tell the two apart from inside the basin.
 */
export function convergedBasin(gp: GaussianProcess, top: Float64Array, regions: readonly FeatureRegion[]): FeatureRegion | null {
  if (gp.predict(top).variance > gp.noise) return null;
  const [best] = trainingOutside(gp, regions);
  if (best === undefined) return null;
  const basin = meanBasin(gp, gp.data.X.slice(best * gp.data.d, (best + 1) * gp.data.d));
  return basin.contains(top) ? basin : null;
}

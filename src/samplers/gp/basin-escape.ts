import type { FeatureRegion } from '../../core/acquisition/excluded-regions';
import type { GaussianProcess } from '../../core/gp/gaussian-process';
import { entriesKey } from '../../core/linalg/vectors';
import { kernelVector, matern52, weightedSquaredDistance } from '../../core/kernels/matern52';

/**
 * Fractions along the segment from a basin's centre to a point at which the hill-valley test
 * looks for a ridge (three interior points, as in Ursem's hill-valley clustering).
 * NOTE: a point is in the basin only if every test passes, so their order changes the speed, not
 * the answer. Nearest the point first: in the simulated 32-worker Hartmann6 study to 300 trials,
 * of the 35,390 points the mean's basins left out, 34,237 failed the test at 0.75 against 25,421
 * at 0.25 (2,466 of them failed only at 0.5 or 0.75 and 1,233 needed a second test).
 */
const SEGMENT_TESTS = [0.75, 0.5, 0.25];

/**
 * Posterior variance of f (standardised target units) at or below which a point counts as
 * polished, when the fitted noise is smaller: an sd of 1e-3 of the targets' sd.
 * NOTE: a deterministic fit's noise sits at NOISE_FLOOR (1e-10), far below anything a further
 * evaluation could matter at, so "no more than the noise" alone would never call a basin converged
 * (the polished two-dip fixture of basin-escape.test.ts kept polishing at 3e-5 from its incumbent).
 * 1e-6 was the noise floor when this test was measured (see convergedBasin's NOTEs).
 */
const POLISHED_VARIANCE = 1e-6;

/** How close (natural log) a fitted noise variance must be to its ceiling to count as at it. */
const CEILING_TOLERANCE = 0.01;

/**
 * The posterior mean of a GP at x (target units): k(x)^T alpha, without the variance's solve.
 * NOTE: fused, without a kernel vector: the same products summed in the same order as
 * GaussianProcess.predict's mean, so the same number, without an allocation and a second pass.
 */
function posteriorMean(gp: GaussianProcess, x: Float64Array): number {
  const { X, n, d } = gp.data;
  const { weights, outputScale, alpha } = gp;
  let m = 0;
  for (let i = 0; i < n; i++) m += matern52(weightedSquaredDistance(x, 0, X, i, weights, d), outputScale) * (alpha[i] as number);
  return m;
}

/**
 * A GP's posterior mean (posteriorMean) at points, remembered by their bits (see entriesKey), for
 * the basins on one GP: each tests a point's own mean before the segment's.
 * NOTE: in the simulated 32-worker Hartmann6 study to 600 trials, 148,217 of the 466,508 points the
 * basins tested (each a point new to its basin) had been tested by another basin on the same GP
 * (a search beyond the second or third basin tests its points against the earlier ones too).
 */
export class PosteriorMeans {
  private readonly memo = new Map<string, number>();

  constructor(readonly gp: GaussianProcess) {}

  /** The posterior mean at x (target units); `key` is entriesKey(x). */
  at(x: Float64Array, key: string): number {
    let mean = this.memo.get(key);
    if (mean === undefined) {
      mean = posteriorMean(this.gp, x);
      this.memo.set(key, mean);
    }
    return mean;
  }
}

/**
 * Whether f can plausibly exceed `top` at x under a GP (target units): whether the posterior mean
 * plus one posterior sd of f beyond the noise level, sqrt(max(0, var - noise)), does. Where the variance is
 * at the noise level (a polished neighbourhood) this is the mean: one more evaluation there could
 * teach the model no more than the noise, as in convergedBasin.
 * NOTE: the exact variance costs an O(n^2) solve, so it is computed only when an upper bound does
 * not already settle the comparison with `top`: conditioning on the nearest training point alone
 * leaves a variance s2 - k_max^2 / (s2 + noise), no lower than the posterior's on all of them.
 */
function plausiblyAbove(gp: GaussianProcess, x: Float64Array, top: number): boolean {
  const { X, n, d } = gp.data;
  const k = kernelVector(x, X, n, d, gp.weights, gp.outputScale);
  let mean = 0;
  let kMax = 0;
  for (let i = 0; i < n; i++) {
    mean += (k[i] as number) * (gp.alpha[i] as number);
    kMax = Math.max(kMax, k[i] as number);
  }
  if (mean > top) return true;
  const reach = (variance: number): number => mean + Math.sqrt(Math.max(0, variance - gp.noise));
  if (reach(gp.outputScale - (kMax * kMax) / (gp.outputScale + gp.noise)) <= top) return false;
  return reach(gp.predict(x).variance) > top;
}

/**
 * The basin of attraction of a point (features `centre`) under a GP, by a hill-valley test
 * (Ursem 1999): x lies in it when at SEGMENT_TESTS along the segment from the centre to x, f does
 * not rise above the higher of the two ends' posterior means. With `knownOnly` (the default) "does
 * not rise" must be what the model knows: f cannot plausibly rise there (posterior mean plus one sd
 * of f beyond the noise, see plausiblyAbove), so unexplored space lies outside unless the data show
 * it drains into the centre; without it, the test is on the posterior mean alone.
 * NOTE: a ball of one or two length scales around the incumbent was tried first and was too small:
 * on Hartmann6 the held basin's flanks (values down to -2.97 against the basin's -3.20) lie beyond
 * it, so the search beyond the ball climbed back down those flanks. `means` must be on `gp` (a
 * memo shared by the basins on one GP).
 * NOTE: the answer for each point is remembered (by its bits, see entriesKey): in the simulated
 * 32-worker Hartmann6 study to 300 trials 18,642 of 75,181 tests were of a point the same basin had
 * already tested (training rows tested again by convergedBasin and trainingOutside in each search
 * beyond, a local search's last point scored again).
 */
export function posteriorBasin(gp: GaussianProcess, centre: Float64Array, knownOnly = true, means = new PosteriorMeans(gp)): FeatureRegion {
  const centreMean = posteriorMean(gp, centre);
  const t = new Float64Array(centre.length);
  const inBasin = (x: Float64Array, key: string): boolean => {
    const top = Math.max(centreMean, means.at(x, key));
    for (const s of SEGMENT_TESTS) {
      for (let f = 0; f < t.length; f++) t[f] = (centre[f] as number) + s * ((x[f] as number) - (centre[f] as number));
      if (knownOnly ? plausiblyAbove(gp, t, top) : posteriorMean(gp, t) > top) return false;
    }
    return true;
  };
  const memo = new Map<string, boolean>();
  return {
    contains(x: Float64Array): boolean {
      const key = entriesKey(x);
      let inside = memo.get(key);
      if (inside === undefined) {
        inside = inBasin(x, key);
        memo.set(key, inside);
      }
      return inside;
    },
  };
}

/**
 * Indices of a GP's training rows outside the regions, by increasing posterior mean there
 * (GaussianProcess.meanAtRow, the plug-in incumbent's measure, see GpModel.bestTarget).
 */
export function trainingOutside(gp: GaussianProcess, regions: readonly FeatureRegion[]): number[] {
  const { X, d, n } = gp.data;
  const means = gp.data.y.map((_, i) => gp.meanAtRow(i));
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!regions.some((r) => r.contains(X.subarray(i * d, (i + 1) * d)))) out.push(i);
  return out.sort((a, b) => (means[a] as number) - (means[b] as number));
}

/**
 * The basin of a converged incumbent, or null while the search may still learn there. Converged:
 * the posterior variance of f at the acquisition's best point `top` is at most the fitted noise
 * variance or POLISHED_VARIANCE, so one more evaluation there can teach the model no more than the
 * noise it already assumes or than matters at the study's scale, and `top` lies in the basin
 * (posteriorBasin) of the incumbent, the training row of lowest posterior mean outside `regions`:
 * the search would only polish that basin. The basin is
 * the one on the posterior mean while at least `minOutside` of the GP's first `trainRows` rows
 * (its training trials; fantasies follow them) lie outside it and `regions`; otherwise the mean
 * cannot tell any other basin from this one, and the basin is the known-only one (knownOnly),
 * unless the fitted noise variance is at its ceiling `noiseCeiling` (see HyperPrior): such a fit
 * would explain more of the data as noise than it may (Ackley's ripples on its bowl), so its sd
 * does not measure what it knows, and null is returned.
 * NOTE: measured on Hartmann6 (seeds 1 and 3), this holds from about trial 37-41 on, both where
 * the basin is the global one and where it is the local one (predicted sd about 4e-4 against a
 * noise sd of 1e-3, target units); the model cannot tell the two apart from inside the basin.
 * NOTE (the seeds the escape did not free): after polishing, the fit is the basin's (length scales
 * of 3-4 in two of Hartmann6's six inputs, the prior mean at the top of the data), and its mean
 * rose monotonically from the incumbent to 84-100% of the cube, global basin included. On the held
 * seeds (3, 8, 15, 17 to trial 300; 0 and 14 for 60-80 trials) at most one training trial lay
 * outside the mean's basin, so there was no model beyond it and the escape never fired; 4-6 lie
 * outside the known-only basin (initial-design points across unexplored space) when it converges.
 * The known-only basin is not used throughout, nor for fits at the noise ceiling: on Ackley10
 * (noise at the ceiling from about trial 50) it fired where the mean's basin left too few trials
 * outside, and polishing there still descends: seeds 0-7 at 300, median / mean / worst log10
 * regret -0.11 / -0.16 / -0.01 before, 0.01 / -0.04 / 0.21 with it throughout, -0.02 / -0.03 /
 * 0.21 as here (it still fires from trial 100-200 on, where a fit's noise drops below the ceiling).
 * `means` (on `gp`) is shared with the basins' tests, so the basins of one search pass the same one.
 */
export function convergedBasin(gp: GaussianProcess, top: Float64Array, regions: readonly FeatureRegion[], trainRows: number, minOutside: number, noiseCeiling: number, means = new PosteriorMeans(gp)): FeatureRegion | null {
  if (gp.predict(top).variance > Math.max(gp.noise, POLISHED_VARIANCE)) return null;
  const outside = trainingOutside(gp, regions);
  const [best] = outside;
  if (best === undefined) return null;
  const { X, d } = gp.data;
  const centre = X.slice(best * d, (best + 1) * d);
  const onMean = posteriorBasin(gp, centre, false, means);
  if (!onMean.contains(top)) return null;
  const beyondMean = outside.filter((i) => i < trainRows && !onMean.contains(X.subarray(i * d, (i + 1) * d)));
  if (beyondMean.length >= minOutside) return onMean;
  if (gp.hyper.logNoise >= Math.log(noiseCeiling) - CEILING_TOLERANCE) return null;
  const known = posteriorBasin(gp, centre, true, means);
  return known.contains(top) ? known : null;
}

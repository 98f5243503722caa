import { choleskyInverse, choleskySolve, jitteredCholesky, logDeterminant } from '../linalg/cholesky';
import { featureWeights, matern52, matern52SquaredDistanceDerivative } from '../kernels/matern52';
import type { GpData, GpHyperparameters } from './gaussian-process';

/**
 * Priors of the MAP fit, as penalties on the log hyperparameters (theta = log value).
 * NOTE: each length scale l gets the penalty c ((l / l0)^2 + (l0 / l)^2), symmetric in log space
 * around l0, with l0 = max(1, sqrt(D / 8)) for D length-scale groups (the shape of Optuna's GP
 * prior, which penalises both very short and very long length scales). Measured on Hartmann6: the
 * dimension-scaled log-normal of Hvarfner et al. (centre ~10 for D = 6) let the fit switch off
 * relevant inputs early (two length scales > 10 at 25 trials) and stalled in the local optimum.
 * c = 0.3 was chosen over 0.1 and 0.6 by median log10 regret at 60 evaluations over 8 seeds
 * (Hartmann6 -3.55 / -3.39 / -2.92, mixed Hartmann -1.99 / -0.93 / -0.92; Branin -4.73 against
 * -5.21 and Ackley 0.46 against 0.37 for c = 0.1 are the price). l0 growing like sqrt(D) keeps
 * large spaces from becoming space filling.
 * The output scale is log-normal around 1 (targets are standardised) and the noise log-normal
 * around 1e-4 of the target variance, so deterministic objectives are interpolated almost exactly.
 * NOTE: the constant prior mean is fitted too (profiled out: the generalised-least-squares
 * constant at each kernel setting, see profiledMean) rather than fixed at the targets' sample mean.
 * A well sampled basin pulls the sample mean towards its values, so every region far from the data
 * looked nearly as good as the basin: on Hartmann6 the GP spent a third of its trials on corners of
 * the cube (predicted -1.0 +- 1.2 where the value is 0) and 7 of 16 seeds stalled. GLS counts a
 * cluster of correlated points about once. Measured, gp-ei, 16 seeds, median / mean log10 regret
 * at 60 evaluations, before -> after: Hartmann6 -2.65 / -2.27 -> -4.18 / -2.94, Ackley5
 * 0.17 / 0.12 -> 0.05 / 0.01, Rosenbrock4 1.04 / 1.16 -> 0.74 / 0.91, mixed Hartmann
 * -3.39 / -2.78 -> -3.45 / -2.94, Ackley10 0.80 / 0.70 -> 0.46 / 0.48, Branin -4.21 / -4.19 ->
 * -4.25 / -4.17 (its worst seed -2.42 -> -1.24).
 */
export interface HyperPrior {
  lengthscaleCentre: number;
  lengthscaleStrength: number;
  outputScaleMean: number;
  outputScaleSd: number;
  noiseMean: number;
  noiseSd: number;
  /** Largest noise variance the fit may take (standardised target units). */
  noiseCeiling: number;
  /** The likelihood profiles out a constant prior mean (see profiledMean); false: the mean is 0. */
  constantMean: boolean;
}

/**
 * Noise ceiling of a deterministic objective. NOTE: the fit may still explain wiggles it cannot
 * resolve (Ackley) as a little noise, but the posterior mean stays within about 5% of the observed
 * range at every training point (at the 1e-2 a rough Ackley fit took, it missed by 6%).
 */
export const DETERMINISTIC_NOISE_CEILING = 1e-3;

/** The default prior for D length-scale groups; `noisy` lifts the noise ceiling to the target variance. */
export function defaultPrior(groups: number, noisy = false): HyperPrior {
  return {
    lengthscaleCentre: Math.log(Math.max(1, Math.sqrt(groups / 8))),
    lengthscaleStrength: 0.3,
    outputScaleMean: 0,
    outputScaleSd: 1.5,
    noiseMean: Math.log(1e-4),
    noiseSd: 2.5,
    noiseCeiling: noisy ? 1 : DETERMINISTIC_NOISE_CEILING,
    constantMean: true,
  };
}

/** Packs hyperparameters as [log l_1..log l_G, log s2, log noise]. */
export function packHyper(h: GpHyperparameters): Float64Array {
  const G = h.logLengthscales.length;
  const theta = new Float64Array(G + 2);
  theta.set(h.logLengthscales);
  theta[G] = h.logOutputScale;
  theta[G + 1] = h.logNoise;
  return theta;
}

/** Inverse of packHyper. */
export function unpackHyper(theta: ArrayLike<number>): GpHyperparameters {
  const G = theta.length - 2;
  return {
    logLengthscales: Float64Array.from({ length: G }, (_, i) => theta[i] as number),
    logOutputScale: theta[G] as number,
    logNoise: theta[G + 1] as number,
  };
}

/**
 * Pairwise squared feature differences, (i < j) pairs in row order times d: the part of the
 * kernel matrix that does not depend on hyperparameters, computed once per fit.
 */
export function pairDifferences(data: GpData): Float64Array {
  const { X, n, d } = data;
  const out = new Float64Array(((n * (n - 1)) / 2) * d);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      for (let f = 0; f < d; f++) {
        const diff = (X[i * d + f] as number) - (X[j * d + f] as number);
        out[p++] = diff * diff;
      }
    }
  }
  return out;
}

/**
 * Negative log posterior of the packed hyperparameters (negative log marginal likelihood minus
 * log prior, up to a constant) and its gradient (written into grad), using
 *   d(-log ML)/d theta_j = -1/2 tr((alpha alpha^T - K^{-1}) dK/d theta_j).
 * Returns +Infinity when the kernel matrix cannot be factored.
 */
export function negativeLogPosterior(data: GpData, diffs: Float64Array, prior: HyperPrior, theta: Float64Array, grad: Float64Array): number {
  const { n, d, groupOf } = data;
  const G = theta.length - 2;
  const w = featureWeights(theta, groupOf);
  const s2 = Math.exp(theta[G] as number);
  const noise = Math.exp(theta[G + 1] as number);
  const K = new Float64Array(n * n);
  const dkdr2 = new Float64Array((n * (n - 1)) / 2);
  fillKernel(K, dkdr2, diffs, w, s2, n, d);
  for (let i = 0; i < n; i++) K[i * n + i] = s2 + noise;
  let factor;
  try {
    factor = jitteredCholesky(K, n);
  } catch {
    return Infinity;
  }
  const Kinv = choleskyInverse(factor.L, n);
  const mean = prior.constantMean ? profiledMean(Kinv, n, data.y) : 0;
  const residual = data.y.map((v) => v - mean);
  const alpha = choleskySolve(factor.L, n, residual);
  let fit = 0;
  for (let i = 0; i < n; i++) fit += (alpha[i] as number) * (residual[i] as number);
  const value = 0.5 * fit + 0.5 * logDeterminant(factor.L, n) + 0.5 * n * Math.log(2 * Math.PI);
  gradientFromW(grad, { alpha, Kinv, K, dkdr2, diffs, w }, s2, noise, n, d, groupOf);
  return value + addPrior(theta, grad, prior, G);
}

/**
 * The GP's constant prior mean that maximises the likelihood at fixed kernel hyperparameters
 * (generalised least squares), 1^T K^-1 y / 1^T K^-1 1, from Kinv = K^-1 (n x n); see glsMean.
 */
export function profiledMean(Kinv: Float64Array, n: number, y: Float64Array): number {
  const inverseOnes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < n; j++) rowSum += Kinv[i * n + j] as number;
    inverseOnes[i] = rowSum;
  }
  return glsMean(inverseOnes, y);
}

/**
 * b^T y / b^T 1 for b = K^-1 1 (the generalised least squares constant), limited to [min y, max y]
 * (0 when undefined). NOTE: with long length scales the constant is barely identified and the
 * unlimited estimate can leave the data's range, where it would make far regions look better or
 * worse than anything observed.
 */
export function glsMean(inverseOnes: Float64Array, y: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < y.length; i++) {
    num += (inverseOnes[i] as number) * (y[i] as number);
    den += inverseOnes[i] as number;
    low = Math.min(low, y[i] as number);
    high = Math.max(high, y[i] as number);
  }
  if (!(den > 0) || !Number.isFinite(num / den)) return 0;
  return Math.min(high, Math.max(low, num / den));
}

function fillKernel(K: Float64Array, dkdr2: Float64Array, diffs: Float64Array, w: Float64Array, s2: number, n: number, d: number): void {
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      const base = p * d;
      for (let f = 0; f < d; f++) r2 += (w[f] as number) * (diffs[base + f] as number);
      const k = matern52(r2, s2);
      K[i * n + j] = k;
      K[j * n + i] = k;
      dkdr2[p] = matern52SquaredDistanceDerivative(r2, s2);
      p++;
    }
  }
}

interface GradientTerms {
  alpha: Float64Array;
  Kinv: Float64Array;
  /** The kernel matrix; its off-diagonal entries are the noise-free kernel values. */
  K: Float64Array;
  dkdr2: Float64Array;
  diffs: Float64Array;
  w: Float64Array;
}

function gradientFromW(grad: Float64Array, t: GradientTerms, s2: number, noise: number, n: number, d: number, groupOf: Int32Array): void {
  const { alpha, Kinv, K, dkdr2, diffs, w } = t;
  const G = grad.length - 2;
  grad.fill(0);
  let traceS = 0;
  let traceN = 0;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const Wii = (alpha[i] as number) ** 2 - (Kinv[i * n + i] as number);
    traceS += Wii * s2;
    traceN += Wii * noise;
    for (let j = 0; j < i; j++) {
      const Wij = (alpha[i] as number) * (alpha[j] as number) - (Kinv[i * n + j] as number);
      // dK_ij/dlog l_g = dk/dr2 * (-2 sum_{f in g} w_f diff_f^2); the pair counts twice in the trace.
      const c = -0.5 * 2 * Wij * (dkdr2[p] as number) * -2;
      const base = p * d;
      for (let f = 0; f < d; f++) {
        const g = groupOf[f] as number;
        grad[g] = (grad[g] as number) + c * (w[f] as number) * (diffs[base + f] as number);
      }
      // The kernel part of K (without noise) is proportional to s2: dK/dlog s2 = K_f.
      traceS += 2 * Wij * (K[i * n + j] as number);
      p++;
    }
  }
  grad[G] = -0.5 * traceS;
  grad[G + 1] = -0.5 * traceN;
}

function addPrior(theta: Float64Array, grad: Float64Array, prior: HyperPrior, G: number): number {
  let value = 0;
  const term = (i: number, mean: number, sd: number): void => {
    const z = ((theta[i] as number) - mean) / sd;
    value += 0.5 * z * z;
    grad[i] = (grad[i] as number) + z / sd;
  };
  for (let g = 0; g < G; g++) {
    const up = Math.exp(2 * ((theta[g] as number) - prior.lengthscaleCentre));
    value += prior.lengthscaleStrength * (up + 1 / up);
    grad[g] = (grad[g] as number) + 2 * prior.lengthscaleStrength * (up - 1 / up);
  }
  term(G, prior.outputScaleMean, prior.outputScaleSd);
  term(G + 1, prior.noiseMean, prior.noiseSd);
  return value;
}

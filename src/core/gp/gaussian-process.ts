import { type CholeskyFactor, jitteredCholesky, choleskySolve, solveLower } from '../linalg/cholesky';
import { featureWeights, gramMatrix, kernelVector } from '../kernels/matern52';

/**
 * GP hyperparameters, all on the log scale: one length scale per length-scale group (see
 * FeatureEncoder.groupOf), the output scale (kernel variance) and the Gaussian noise variance,
 * both in the units of the (standardised) targets.
 */
export interface GpHyperparameters {
  logLengthscales: Float64Array;
  logOutputScale: number;
  logNoise: number;
}

/** Training data of a GP: X is n x d row-major (features in [0, 1]), y has length n. */
export interface GpData {
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  /** Length-scale group of each of the d features. */
  groupOf: Int32Array;
  /**
   * Noise variance added to the fitted noise at each row (length n, >= 0; absent: none), for rows
   * that are guesses rather than measurements (the stand-ins of failed trials, see observations.ts).
   */
  extraNoise?: Float64Array;
}

/** A posterior prediction of the latent function at one point. */
export interface Prediction {
  mean: number;
  /** Variance of the latent f (noise excluded), >= 0. */
  variance: number;
}

/**
 * Exact GP regression with a zero prior mean and a Matern-5/2 ARD kernel:
 *   mean(x) = k(x)^T alpha,  variance(x) = s2 - |L^{-1} k(x)|^2,  alpha = (K + noise I)^{-1} y.
 * Immutable; `withObservations` returns a new GP with extra rows (fantasies), reusing the factor.
 */
export class GaussianProcess {
  readonly weights: Float64Array;
  readonly outputScale: number;
  readonly noise: number;
  readonly factor: CholeskyFactor;
  readonly alpha: Float64Array;

  /** @param reuse factor of the leading block of this data's kernel matrix (same hyperparameters). */
  constructor(readonly data: GpData, readonly hyper: GpHyperparameters, reuse?: CholeskyFactor) {
    this.weights = featureWeights(hyper.logLengthscales, data.groupOf);
    this.outputScale = Math.exp(hyper.logOutputScale);
    this.noise = Math.exp(hyper.logNoise);
    const kernel = (from: number): Float64Array => {
      const K = gramMatrix(data.X, data.n, data.d, this.weights, this.outputScale, from);
      for (let i = 0; i < data.n; i++) K[i * data.n + i] = (K[i * data.n + i] as number) + this.noiseAt(i);
      return K;
    };
    // NOTE: an extended factor needs only the kernel rows it appends (a fantasy costs O(n d), not
    // O(n^2 d), in kernel values); a jitter restart refactors from the full matrix.
    this.factor = reuse && reuse.n <= data.n ? jitteredCholesky(kernel(reuse.n), data.n, reuse, () => kernel(0)) : jitteredCholesky(kernel(0), data.n);
    this.alpha = choleskySolve(this.factor.L, data.n, data.y);
  }

  /** The noise variance of training row i: the fitted noise plus the row's extraNoise. */
  noiseAt(i: number): number {
    return this.noise + (this.data.extraNoise?.[i] ?? 0);
  }

  /**
   * The posterior mean of f at training row i: y_i - (noise_i + jitter) alpha_i, since
   * (K_f + diag(noise) + jitter I) alpha = y.
   */
  meanAtRow(i: number): number {
    return (this.data.y[i] as number) - (this.noiseAt(i) + this.factor.jitter) * (this.alpha[i] as number);
  }

  /** Posterior of f at x (length d). */
  predict(x: Float64Array): Prediction {
    const { X, n, d } = this.data;
    const k = kernelVector(x, X, n, d, this.weights, this.outputScale);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (k[i] as number) * (this.alpha[i] as number);
    const v = solveLower(this.factor.L, n, k);
    let vv = 0;
    for (let i = 0; i < n; i++) vv += (v[i] as number) ** 2;
    return { mean, variance: Math.max(this.outputScale - vv, 1e-12 * this.outputScale) };
  }

  /** A GP with the same hyperparameters and extra observations appended (m x d rows, m values, no extra noise). */
  withObservations(Xnew: Float64Array, ynew: ArrayLike<number>): GaussianProcess {
    const { n, d } = this.data;
    const m = ynew.length;
    const X = new Float64Array((n + m) * d);
    X.set(this.data.X);
    X.set(Xnew.subarray(0, m * d), n * d);
    const y = new Float64Array(n + m);
    y.set(this.data.y);
    for (let i = 0; i < m; i++) y[n + i] = ynew[i] as number;
    const old = this.data.extraNoise;
    const extraNoise = old && Float64Array.from({ length: n + m }, (_, i) => (i < n ? (old[i] as number) : 0));
    return new GaussianProcess({ X, y, n: n + m, d, groupOf: this.data.groupOf, ...(extraNoise ? { extraNoise } : {}) }, this.hyper, this.factor);
  }
}

import { type CholeskyFactor, jitteredCholesky, choleskySolve, solveLower, solveLowerTransposed } from '../linalg/cholesky';
import { featureWeights, gramMatrix, kernelVector, matern52, matern52SquaredDistanceDerivative, weightedSquaredDistance } from '../kernels/matern52';

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
    const K = gramMatrix(data.X, data.n, data.d, this.weights, this.outputScale);
    for (let i = 0; i < data.n; i++) K[i * data.n + i] = (K[i * data.n + i] as number) + this.noise;
    this.factor = jitteredCholesky(K, data.n, reuse);
    this.alpha = choleskySolve(this.factor.L, data.n, data.y);
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

  /**
   * Posterior means and variances of f at m points at once. Same numbers as `predict`, but the
   * triangular solve runs over an n x m block row by row, so the inner loop walks contiguous memory
   * (measured faster than m separate solves when screening candidates).
   */
  predictBatch(points: Float64Array[]): { mean: Float64Array; variance: Float64Array } {
    const { X, n, d } = this.data;
    const m = points.length;
    const L = this.factor.L;
    const V = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) V[i * m + j] = matern52(weightedSquaredDistance(points[j] as Float64Array, 0, X, i, this.weights, d), this.outputScale);
    }
    const mean = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const a = this.alpha[i] as number;
      for (let j = 0; j < m; j++) mean[j] = (mean[j] as number) + a * (V[i * m + j] as number);
    }
    for (let i = 0; i < n; i++) {
      const ri = i * m;
      for (let k = 0; k < i; k++) {
        const lik = L[i * n + k] as number;
        if (lik === 0) continue;
        const rk = k * m;
        for (let j = 0; j < m; j++) V[ri + j] = (V[ri + j] as number) - lik * (V[rk + j] as number);
      }
      const inv = 1 / (L[i * n + i] as number);
      for (let j = 0; j < m; j++) V[ri + j] = (V[ri + j] as number) * inv;
    }
    const variance = new Float64Array(m).fill(this.outputScale);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) variance[j] = (variance[j] as number) - (V[i * m + j] as number) ** 2;
    for (let j = 0; j < m; j++) variance[j] = Math.max(variance[j] as number, 1e-12 * this.outputScale);
    return { mean, variance };
  }

  /**
   * Posterior of f at x with gradients d mean / dx and d variance / dx written into dMean, dVar
   * (length d). At the variance floor the variance gradient is reported as 0.
   */
  predictWithGradient(x: Float64Array, dMean: Float64Array, dVar: Float64Array): Prediction {
    const { X, n, d } = this.data;
    const k = new Float64Array(n);
    const dk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r2 = weightedSquaredDistance(x, 0, X, i, this.weights, d);
      const r = Math.sqrt(r2);
      k[i] = this.outputScale * (1 + Math.sqrt(5) * r + (5 / 3) * r2) * Math.exp(-Math.sqrt(5) * r);
      dk[i] = matern52SquaredDistanceDerivative(r2, this.outputScale);
    }
    const v = solveLower(this.factor.L, n, k);
    const u = solveLowerTransposed(this.factor.L, n, v);
    let mean = 0;
    let vv = 0;
    for (let i = 0; i < n; i++) {
      mean += (k[i] as number) * (this.alpha[i] as number);
      vv += (v[i] as number) ** 2;
    }
    const rawVariance = this.outputScale - vv;
    const floored = rawVariance <= 1e-12 * this.outputScale;
    dMean.fill(0);
    dVar.fill(0);
    for (let i = 0; i < n; i++) {
      const cm = (dk[i] as number) * (this.alpha[i] as number);
      const cv = floored ? 0 : -2 * (dk[i] as number) * (u[i] as number);
      for (let f = 0; f < d; f++) {
        const g = 2 * (this.weights[f] as number) * ((x[f] as number) - (X[i * d + f] as number));
        dMean[f] = (dMean[f] as number) + cm * g;
        dVar[f] = (dVar[f] as number) + cv * g;
      }
    }
    return { mean, variance: floored ? 1e-12 * this.outputScale : rawVariance };
  }

  /** A GP with the same hyperparameters and extra observations appended (m x d rows, m values). */
  withObservations(Xnew: Float64Array, ynew: ArrayLike<number>): GaussianProcess {
    const { n, d } = this.data;
    const m = ynew.length;
    const X = new Float64Array((n + m) * d);
    X.set(this.data.X);
    X.set(Xnew.subarray(0, m * d), n * d);
    const y = new Float64Array(n + m);
    y.set(this.data.y);
    for (let i = 0; i < m; i++) y[n + i] = ynew[i] as number;
    return new GaussianProcess({ X, y, n: n + m, d, groupOf: this.data.groupOf }, this.hyper, this.factor);
  }
}

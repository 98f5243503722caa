import { addScaled, sameEntries } from '../linalg/vectors';
import type { Posterior } from '../acquisition/posterior';
import { matern52, matern52WithSlope, weightedSquaredDistance } from '../kernels/matern52';
import type { Rng } from '../rng';
import type { GaussianProcess } from './gaussian-process';
import { GpSamplePath } from './sample-path';
import { backSolveInPlace, forwardSolve, forwardSolveBlock } from '../linalg/triangular-blocks';

/**
 * The posterior of a GaussianProcess evaluated for an acquisition's hot loops, with gradients: the
 * same mean and variance as `gp.predict` (same operations in the same order, so bit for bit), but a
 * single-point evaluation allocates nothing: kernel values, their r^2 derivatives and both
 * triangular solves live in scratch vectors of length n owned by this object.
 * Not re-entrant: one evaluation at a time per instance (results land in `mean` and `variance`).
 * An evaluation with gradients at the point just evaluated without them reuses that evaluation's
 * kernel values and forward solve (see evaluate), so a search can ask for values first and
 * gradients only where it needs them at no extra cost.
 * NOTE: the loops are small functions called once per training row rather than one long loop
 * per call, so V8 optimises them on call counts during the first ask of a fresh worker thread
 * instead of relying on on-stack replacement (the next ask then starts in optimised code).
 */
export class PosteriorEvaluator implements Posterior {
  readonly dim: number;
  /** See Posterior.reusesValue: an evaluation at the point just evaluated reuses its solve. */
  readonly reusesValue = true;
  /** Posterior mean of f at the last evaluated point (GP target units). */
  mean = 0;
  /** Posterior variance of f at the last evaluated point (noise excluded; floored at 1e-12 s2). */
  variance = 0;
  // NOTE: the GP's arrays and scalars are copied into fields of this one class, so the hot
  // functions see the same hidden classes on every ask (no deoptimisation when a GP's factor or
  // data object was built by another code path).
  private readonly X: Float64Array;
  private readonly n: number;
  private readonly d: number;
  private readonly weights: Float64Array;
  private readonly outputScale: number;
  private readonly L: Float64Array;
  private readonly alpha: Float64Array;
  /** Noise plus the factor's jitter: the diagonal the kernel matrix was factored with. */
  private readonly diagonal: number;
  private readonly floor: number;
  private readonly k: Float64Array;
  private readonly dk: Float64Array;
  private readonly v: Float64Array;
  private readonly u: Float64Array;
  /** The point `k`, `dk` and `v` belong to (valid once `evaluated`). */
  private readonly last: Float64Array;
  private evaluated = false;
  /** Whether the variance at `last` was floored. */
  private floored = false;
  private readonly gp: GaussianProcess;

  constructor(gp: GaussianProcess) {
    const n = gp.data.n;
    this.X = gp.data.X;
    this.n = n;
    this.d = gp.data.d;
    this.dim = gp.data.d;
    this.weights = gp.weights;
    this.outputScale = gp.outputScale;
    this.L = gp.factor.L;
    this.alpha = gp.alpha;
    this.diagonal = gp.noise + gp.factor.jitter;
    this.floor = 1e-12 * gp.outputScale;
    this.k = new Float64Array(n);
    this.dk = new Float64Array(n);
    this.v = new Float64Array(n);
    this.u = new Float64Array(n);
    this.last = new Float64Array(gp.data.d);
    this.gp = gp;
  }

  /** A posterior draw by pathwise conditioning with 512 random Fourier features (see GpSamplePath). */
  samplePath(rng: Rng): GpSamplePath {
    return new GpSamplePath(this.gp, rng);
  }

  /**
   * Sets `mean` and `variance` at x (length d). With dMean and dVar (length d) also writes
   * d mean / dx and d variance / dx there (the variance gradient is 0 at the variance floor).
   * NOTE: at the same x as the previous call (equal entries) the kernel values and the forward
   * solve are reused rather than recomputed (the same numbers), so value then gradient costs one
   * pass of each over the factor, as one call with gradients does.
   */
  evaluate(x: Float64Array, dMean?: Float64Array, dVar?: Float64Array): void {
    const { X, n, d, L, alpha, dk, v, u } = this;
    if (!this.evaluated || !sameEntries(x, this.last, d)) this.evaluateValue(x);
    if (!dMean || !dVar) return;
    const floored = this.floored;
    dMean.fill(0);
    dVar.fill(0);
    if (!floored) {
      u.set(v);
      backSolveInPlace(L, n, u);
    }
    for (let i = 0; i < n; i++) {
      const cv = floored ? 0 : -2 * (dk[i] as number) * (u[i] as number);
      gradientRow(x, X, i, d, this.weights, (dk[i] as number) * (alpha[i] as number), cv, dMean, dVar);
    }
  }

  /**
   * The kernel values k(x, X_i) and their derivatives dk / d(r^2) at the point of the last
   * `evaluate` (length n each): this object's scratch vectors, valid until its next evaluation, so a
   * posterior built on this one (virtual-slopes.ts) need not compute them again.
   */
  lastKernel(): { k: Float64Array; dk: Float64Array } {
    return { k: this.k, dk: this.dk };
  }

  /** Kernel values, mean, forward solve and variance at x; remembers x as `last`. */
  private evaluateValue(x: Float64Array): void {
    const { X, n, d, L, alpha, k, dk, v } = this;
    kernelWithDerivative(x, X, n, d, this.weights, this.outputScale, k, dk);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (k[i] as number) * (alpha[i] as number);
    const vv = forwardSolve(L, n, k, v);
    const raw = this.outputScale - vv;
    this.floored = raw <= this.floor;
    this.mean = mean;
    this.variance = this.floored ? this.floor : raw;
    this.last.set(x.subarray(0, d));
    this.evaluated = true;
  }

  /**
   * Posterior means and variances at m points (each of length d), equal to `evaluate` at each.
   * The n x m block of kernel values is solved against L by forwardSolveBlock (measured 1.6x
   * faster at n = 200, m = 764 than the plain row-by-row block solve it replaced). With `worthSolving`, a point for which
   * worthSolving(mean, varianceBound) is false gets variance NaN and skips the solve, where
   * varianceBound >= its variance is the variance given only its most correlated training point,
   * s2 - k_max^2 / (s2 + noise + jitter), plus a relative 1e-9 against rounding. NOTE:
   * conditioning on fewer observations (same noise) never lowers the variance. The other points
   * are solved exactly (columns are solved independently, so their numbers do not depend on which
   * points were skipped). `kernels`, when given, sees the n x m block of kernel values
   * V[i * m + j] = k(points_j, X_i) before anything else reads it (and before the solve overwrites
   * it), so a posterior built on this one can use them (virtual-slopes.ts).
   */
  batch(points: Float64Array[], worthSolving?: (mean: number, varianceBound: number, index: number) => boolean, kernels?: (V: Float64Array) => void): { mean: Float64Array; variance: Float64Array } {
    const { X, n, d, outputScale: s2 } = this;
    const m = points.length;
    const V = new Float64Array(n * m);
    for (let i = 0; i < n; i++) kernelRow(points, X, i, d, this.weights, s2, V, i * m);
    kernels?.(V);
    const mean = new Float64Array(m);
    for (let i = 0; i < n; i++) addScaled(this.alpha[i] as number, V, i * m, mean);
    const kept: number[] = [];
    if (worthSolving) {
      const kMax = new Float64Array(m);
      for (let i = 0; i < n; i++) maxIntoRow(V, i * m, kMax);
      for (let j = 0; j < m; j++) {
        const bound = Math.max(s2 - (kMax[j] as number) ** 2 / (s2 + this.diagonal), this.floor) + 1e-9 * s2;
        if (worthSolving(mean[j] as number, bound, j)) kept.push(j);
      }
    } else {
      for (let j = 0; j < m; j++) kept.push(j);
    }
    const variance = new Float64Array(m).fill(Number.NaN);
    const solved = kept.length === m ? V : selectColumns(V, n, m, kept);
    const solvedVariance = this.solvedVariance(solved, kept.length);
    kept.forEach((j, c) => (variance[j] = solvedVariance[c] as number));
    return { mean, variance };
  }

  /** Overwrites the n x m kernel block W with L^{-1} W and returns the m floored variances. */
  private solvedVariance(W: Float64Array, m: number): Float64Array {
    forwardSolveBlock(this.L, this.n, W, m);
    const variance = new Float64Array(m).fill(this.outputScale);
    for (let i = 0; i < this.n; i++) subtractSquaredRow(W, i * m, variance);
    for (let c = 0; c < m; c++) variance[c] = Math.max(variance[c] as number, this.floor);
    return variance;
  }
}

/** k_i = k(x, X_i) and dk_i = dk / d(r^2) for every training row i (Matern-5/2, one exp each). */
function kernelWithDerivative(x: Float64Array, X: Float64Array, n: number, d: number, w: Float64Array, s2: number, k: Float64Array, dk: Float64Array): void {
  for (let i = 0; i < n; i++) k[i] = matern52WithSlope(weightedSquaredDistance(x, 0, X, i, w, d), s2, dk, i);
}

/** Adds training row i's share of the mean and variance gradients: cm and cv times d r^2 / dx. */
function gradientRow(x: Float64Array, X: Float64Array, i: number, d: number, w: Float64Array, cm: number, cv: number, dMean: Float64Array, dVar: Float64Array): void {
  const row = i * d;
  for (let f = 0; f < d; f++) {
    const g = 2 * (w[f] as number) * ((x[f] as number) - (X[row + f] as number));
    dMean[f] = (dMean[f] as number) + cm * g;
    dVar[f] = (dVar[f] as number) + cv * g;
  }
}

/** V[ri + j] = k(points_j, X_i) for every point j. */
function kernelRow(points: Float64Array[], X: Float64Array, i: number, d: number, w: Float64Array, s2: number, V: Float64Array, ri: number): void {
  for (let j = 0; j < points.length; j++) {
    V[ri + j] = matern52(weightedSquaredDistance(points[j] as Float64Array, 0, X, i, w, d), s2);
  }
}

/** The columns `kept` of the n x m block V, as an n x kept.length block. */
function selectColumns(V: Float64Array, n: number, m: number, kept: number[]): Float64Array {
  const w = kept.length;
  const W = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    const ri = i * m;
    const wi = i * w;
    for (let c = 0; c < w; c++) W[wi + c] = V[ri + (kept[c] as number)] as number;
  }
  return W;
}

/** out[j] = max(out[j], V[ri + j]) for j < out.length. */
function maxIntoRow(V: Float64Array, ri: number, out: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] = Math.max(out[j] as number, V[ri + j] as number);
}

/** out[j] -= V[ri + j]^2 for j < out.length. */
function subtractSquaredRow(V: Float64Array, ri: number, out: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) - (V[ri + j] as number) ** 2;
}


import type { Posterior, SamplePath } from '../acquisition/posterior';
import { logNormalCdf } from '../acquisition/normal';
import { matern52SquaredDistanceDerivative, matern52SquaredDistanceSecondDerivative, weightedSquaredDistance } from '../kernels/matern52';
import { choleskyInverse, choleskySolve, jitteredCholesky, solveLower, solveLowerTransposed } from '../linalg/cholesky';
import { addScaled } from '../linalg/vectors';
import type { Rng } from '../rng';
import type { GaussianProcess } from './gaussian-process';
import { PosteriorEvaluator } from './posterior-evaluator';

/**
 * A site is dropped where the data make an outward fall nearly certain: posterior mean slope below
 * -SURE_FALL sd (P(g > 0) < 2.3%). NOTE: far from data the plain posterior mean reverts to the
 * prior mean, so its slope at a bound beyond good points is often negative with a wide sd; only a
 * fall the data pin down says the optimum lies on that bound.
 */
const SURE_FALL = 2;

/**
 * A virtual observation that the loss rises towards a bound of the feature box: the sign of
 * outward * d f / d x[feature] at `point` (a feature vector, length d, lying on that bound) is
 * positive. `outward` is +1 for the bound x[feature] = 1, -1 for x[feature] = 0.
 */
export interface SlopeSite {
  point: Float64Array;
  feature: number;
  outward: 1 | -1;
}

/**
 * The posterior of a GaussianProcess further conditioned on virtual derivative-sign observations
 * at bounds (after Siivola et al. 2018, "Correcting boundary over-exploration deficiencies in
 * Bayesian optimization with virtual derivative sign observations"). Each site's step likelihood
 * 1[g > 0], g = outward * df/dx_feature, is replaced by a Gaussian pseudo-observation of g found by
 * assumed density filtering (one moment-matching pass over the sites, in order, each against the
 * posterior given the data and the sites before it). The result is exact Gaussian conditioning of
 * f on those pseudo-observations, so means and variances come in closed form with gradients:
 *   mean'(x) = mean(x) + c(x)^T S^-1 (ytilde - mu_g),  var'(x) = var(x) - c(x)^T S^-1 c(x),
 * where c(x) = Cov(f(x), g | data), mu_g and Sigma_g are g's posterior given the data and
 * S = Sigma_g + diag(vtilde). A site states the prior belief that an optimum rarely sits on a
 * bound; it is dropped where the data make an outward fall nearly certain when its turn comes (see
 * SURE_FALL), so it never argues against data that point to an optimum on that bound.
 * NOTE: measured with the gp sampler (samplers/gp/boundary-slopes.ts), gp-ei, seeds 0-15, median /
 * mean log10 regret at 60 against the plain posterior: Branin -4.38 / -4.42 -> -5.28 / -5.27,
 * Hartmann6 -4.18 / -2.94 -> -4.36 / -3.37, Ackley5 0.05 / 0.01 -> -0.12 / -0.09, Rosenbrock4
 * 0.72 / 0.92 -> 0.67 / 0.74, mixed Hartmann -3.45 / -2.94 -> -3.83 / -3.02 (its worst seed 0.18 ->
 * 0.51 regret); corner share after trial 40 on bench/corners.ts, seeds 0-7, 0.07-0.14 -> 0.03-0.07.
 * Sample paths (Thompson sampling) are conditioned on the same pseudo-observations by Matheron's
 * rule (see samplePath). One evaluation at a time.
 */
export class SlopeConditionedPosterior implements Posterior {
  readonly dim: number;
  mean = 0;
  variance = 0;
  /** The sites kept (see the class comment), in order. */
  readonly sites: SlopeSite[];
  private readonly inner: PosteriorEvaluator;
  private readonly X: Float64Array;
  private readonly n: number;
  private readonly w: Float64Array;
  private readonly s2: number;
  private readonly floor: number;
  /** K^-1 D: n x m, row-major, D[i][j] = Cov(f(X_i), g_j). */
  private readonly Q: Float64Array;
  private readonly Sinv: Float64Array;
  /** S^-1 (ytilde - mu_g). */
  private readonly r: Float64Array;
  private readonly c: Float64Array;
  private readonly Sc: Float64Array;
  private readonly dc: Float64Array;
  /** Scratch: one training row's d r^2 / dx times dk / d(r^2) (length d). */
  private readonly g: Float64Array;
  /** The kept sites' pseudo-observations of their slopes (values and noise variances, in order). */
  private readonly pseudoValue: Float64Array;
  private readonly pseudoVariance: Float64Array;

  /** @param solves the per-site solves on gp (see SiteSolves); a fresh set when not given. */
  constructor(private readonly gp: GaussianProcess, candidates: readonly SlopeSite[], solves: SiteSolves = new SiteSolves(gp)) {
    if (solves.gp !== gp) throw new Error('SlopeConditionedPosterior: the site solves belong to another GP');
    const { n, d, X } = gp.data;
    this.inner = new PosteriorEvaluator(gp);
    this.dim = d;
    this.X = X;
    this.n = n;
    this.w = gp.weights;
    this.s2 = gp.outputScale;
    this.floor = 1e-12 * gp.outputScale;
    const all = posteriorOfSlopes(gp, candidates, solves);
    const pseudo = filterSites(all.mean, all.cov, candidates.length);
    const kept = pseudo.map((p, j) => (p ? j : -1)).filter((j) => j >= 0);
    const m = kept.length;
    this.sites = kept.map((j) => candidates[j] as SlopeSite);
    const S = new Float64Array(m * m);
    const resid = new Float64Array(m);
    this.pseudoValue = new Float64Array(m);
    this.pseudoVariance = new Float64Array(m);
    kept.forEach((j, a) => {
      kept.forEach((k, b) => (S[a * m + b] = all.cov[j * candidates.length + k] as number));
      const site = pseudo[j] as { value: number; variance: number };
      S[a * m + a] = (S[a * m + a] as number) + site.variance;
      resid[a] = site.value - (all.mean[j] as number);
      this.pseudoValue[a] = site.value;
      this.pseudoVariance[a] = site.variance;
    });
    const factor = m > 0 ? jitteredCholesky(S, m) : null;
    this.Sinv = factor ? choleskyInverse(factor.L, m) : new Float64Array(0);
    this.r = factor ? choleskySolve(factor.L, m, resid) : new Float64Array(0);
    this.Q = new Float64Array(n * m);
    kept.forEach((j, a) => {
      const q = solves.solved(candidates[j] as SlopeSite);
      for (let i = 0; i < n; i++) this.Q[i * m + a] = q[i] as number;
    });
    this.c = new Float64Array(m);
    this.Sc = new Float64Array(m);
    this.dc = new Float64Array(m * d);
    this.g = new Float64Array(d);
  }

  /**
   * A draw of the slope-conditioned posterior: a draw f~ of the GP given the data (from `rng`),
   * then by Matheron's rule f(x) = f~(x) + c(x)^T S^-1 (ytilde - g~ - eps), where g~ are f~'s
   * slopes at the sites and eps ~ N(0, diag(vtilde)) (Wilson et al. 2020). Its mean and covariance
   * are this posterior's. NOTE: the draw of f~ takes the same numbers from `rng` as the plain GP's
   * samplePath, so a copy of the stream that drew a plain path gives the same path, corrected.
   */
  samplePath(rng: Rng): SamplePath {
    const path = this.inner.samplePath(rng);
    const m = this.sites.length;
    if (m === 0) return path;
    const d = this.dim;
    const pathSlope = new Float64Array(d);
    const resid = this.sites.map((site, a) => {
      path.value(site.point, pathSlope);
      const noise = Math.sqrt(this.pseudoVariance[a] as number) * rng.normal();
      return (this.pseudoValue[a] as number) - site.outward * (pathSlope[site.feature] as number) - noise;
    });
    const u = new Float64Array(m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) u[a] = (u[a] as number) + (this.Sinv[a * m + b] as number) * (resid[b] as number);
    // c(x)^T u = sum_a u_a Cov(f(x), g_a) - k(x, X)^T (Q u): the second term joins the path's own kernel terms.
    const { n, w, s2, Q } = this;
    const Qu = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let a = 0; a < m; a++) Qu[i] = (Qu[i] as number) + (Q[i * m + a] as number) * (u[a] as number);
    const corrected = path.minusKernelTerms(Qu);
    const slope = new Float64Array(d);
    return {
      value: (x, grad) => {
        let f = corrected.value(x, grad);
        this.sites.forEach((site, a) => {
          f += (u[a] as number) * slopeCovariance(x, site, w, s2, d, grad ? slope : undefined);
          if (grad) addScaled(u[a] as number, slope, 0, grad, 0, d);
        });
        return f;
      },
    };
  }

  evaluate(x: Float64Array, dMean?: Float64Array, dVar?: Float64Array): void {
    this.inner.evaluate(x, dMean, dVar);
    const grads = dMean !== undefined && dVar !== undefined;
    const { k, dk } = this.inner.lastKernel();
    this.crossCovariance(x, grads, k, dk);
    const { c, Sc, r, dc } = this;
    const m = c.length;
    let mean = this.inner.mean;
    let reduction = 0;
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let b = 0; b < m; b++) s += (this.Sinv[a * m + b] as number) * (c[b] as number);
      Sc[a] = s;
      mean += (c[a] as number) * (r[a] as number);
      reduction += (c[a] as number) * s;
    }
    const raw = this.inner.variance - reduction;
    const floored = raw <= this.floor;
    this.mean = mean;
    this.variance = floored ? this.floor : raw;
    if (!dMean || !dVar) return;
    for (let f = 0; f < this.dim; f++) {
      let gm = 0;
      let gv = 0;
      for (let a = 0; a < m; a++) {
        gm += (dc[a * this.dim + f] as number) * (r[a] as number);
        gv += (dc[a * this.dim + f] as number) * (Sc[a] as number);
      }
      dMean[f] = (dMean[f] as number) + gm;
      dVar[f] = floored ? 0 : (dVar[f] as number) - 2 * gv;
    }
  }

  /**
   * See Posterior.batch. NOTE: each point's c(x) comes from the inner evaluator's kernel block
   * before its triangular solve (the same numbers as evaluate's), so a point whose score cannot
   * reach the caller's floor skips the solve as with the plain posterior: the corrected mean is
   * exact without it, and var(x) - c^T S^-1 c is bounded by the inner bound minus c^T S^-1 c.
   * Measured with the kernel row reuse in evaluate (bench/round-cost.ts --simulate 300: 32 simulated
   * workers on Hartmann6, seed 0, where the slope searches took 65% of the CPU; three runs each,
   * alternating with the code before on a machine at load average 8-10): 10.3-11.6 -> 8.4-9.4 s
   * CPU, the same suggestions (points hash).
   */
  batch(points: Float64Array[], worthSolving?: (mean: number, varianceBound: number, index: number) => boolean): { mean: Float64Array; variance: Float64Array } {
    const count = points.length;
    const m = this.c.length;
    const shift = new Float64Array(count);
    const reduction = new Float64Array(count);
    const corrections = (V: Float64Array): void => {
      const { n, dim: d, w, s2, Q } = this;
      const C = new Float64Array(count * m);
      points.forEach((x, j) => this.sites.forEach((site, a) => (C[j * m + a] = slopeCovariance(x, site, w, s2, d))));
      for (let i = 0; i < n; i++) for (let j = 0; j < count; j++) addScaled(-(V[i * count + j] as number), Q, i * m, C, j * m, m);
      for (let j = 0; j < count; j++) {
        const c = C.subarray(j * m, (j + 1) * m);
        let sh = 0;
        let red = 0;
        for (let a = 0; a < m; a++) {
          let t = 0;
          for (let b = 0; b < m; b++) t += (this.Sinv[a * m + b] as number) * (c[b] as number);
          sh += (c[a] as number) * (this.r[a] as number);
          red += (c[a] as number) * t;
        }
        shift[j] = sh;
        reduction[j] = red;
      }
    };
    const worth = worthSolving && ((mean: number, bound: number, j: number): boolean => worthSolving(mean + (shift[j] as number), Math.max(bound - (reduction[j] as number), this.floor), j));
    const base = this.inner.batch(points, worth, corrections);
    const mean = base.mean.map((mu, j) => mu + (shift[j] as number));
    const variance = base.variance.map((v, j) => (Number.isNaN(v) ? v : Math.max(v - (reduction[j] as number), this.floor)));
    return { mean, variance };
  }

  /**
   * c = Cov(f(x), g | data) for the kept sites, and with `grads` dc / dx (m x d, row-major), from
   * the kernel values kx_i = k(x, X_i) and their derivatives ks_i = dk / d(r^2) (length n).
   * NOTE: the inner evaluator's kernel row is reused (it computes the same numbers), and the
   * products run over Q's rows in storage order, each sum over i in the same order as before.
   */
  private crossCovariance(x: Float64Array, grads: boolean, kx: Float64Array, ks: Float64Array): void {
    const { X, n, dim: d, w, s2, c, dc, Q } = this;
    const m = c.length;
    this.sites.forEach((site, a) => (c[a] = slopeCovariance(x, site, w, s2, d, grads ? dc.subarray(a * d, (a + 1) * d) : undefined)));
    for (let i = 0; i < n; i++) addScaled(-(kx[i] as number), Q, i * m, c);
    if (!grads) return;
    // d/dx of sum_i k(x, X_i) Q_ia = sum_i dk/dr2_i * 2 w_f (x_f - X_if) Q_ia.
    const g = this.g;
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) g[f] = (ks[i] as number) * 2 * (w[f] as number) * ((x[f] as number) - (X[i * d + f] as number));
      for (let a = 0; a < m; a++) addScaled(-(Q[i * m + a] as number), g, 0, dc, a * d, d);
    }
  }
}

/**
 * What the slope sites need of a GP, per site, computed once: with D_j = Cov(f(X), g_j) (the prior
 * covariances of the training rows with the site's slope), the slope's posterior mean D_j^T alpha,
 * W_j = L^-1 D_j and K^-1 D_j = L^-T W_j. NOTE: the slope rounds of one point (boundary-slopes.ts)
 * add sites to the same GP and condition on all of them each time; sharing one SiteSolves solves
 * each site once (the same numbers: K^-1 D_j was a full Cholesky solve, whose forward half is W_j).
 * Measured (bench/round-cost.ts --simulate 300, three runs each alternating with the code before,
 * load average 10): 8.1-9.5 -> 8.0-8.5 s CPU, the same points hash; with the batch screening
 * (SlopeConditionedPosterior.batch), the simulated study to 1,000 trials 47.5 / 49.5 -> 40.3 / 45.1 s.
 */
export class SiteSolves {
  private readonly bySite = new Map<SlopeSite, { mean: number; W: Float64Array; solved?: Float64Array }>();

  constructor(readonly gp: GaussianProcess) {}

  /** The slope's posterior mean and W = L^-1 D for a site. */
  forward(site: SlopeSite): { mean: number; W: Float64Array } {
    return this.entry(site);
  }

  /** K^-1 D for a site (n values). */
  solved(site: SlopeSite): Float64Array {
    const entry = this.entry(site);
    entry.solved ??= solveLowerTransposed(this.gp.factor.L, this.gp.data.n, entry.W);
    return entry.solved;
  }

  private entry(site: SlopeSite): { mean: number; W: Float64Array; solved?: Float64Array } {
    const known = this.bySite.get(site);
    if (known) return known;
    const { n, d, X } = this.gp.data;
    const D = new Float64Array(n);
    const row = new Float64Array(d);
    let mean = 0;
    for (let i = 0; i < n; i++) {
      row.set(X.subarray(i * d, (i + 1) * d));
      const v = slopeCovariance(row, site, this.gp.weights, this.gp.outputScale, d);
      D[i] = v;
      mean += v * (this.gp.alpha[i] as number);
    }
    const entry = { mean, W: solveLower(this.gp.factor.L, n, D) };
    this.bySite.set(site, entry);
    return entry;
  }
}

/** Posterior of the sites' slopes g given a GP's data: mean and covariance (m x m). */
function posteriorOfSlopes(gp: GaussianProcess, sites: readonly SlopeSite[], solves: SiteSolves): { mean: Float64Array; cov: Float64Array } {
  const { n, d } = gp.data;
  const m = sites.length;
  const mean = new Float64Array(m);
  const Wt = sites.map((site, j) => {
    const f = solves.forward(site);
    mean[j] = f.mean;
    return f.W;
  });
  const cov = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k <= j; k++) {
      let dot = 0;
      const a = Wt[j] as Float64Array;
      const b = Wt[k] as Float64Array;
      for (let i = 0; i < n; i++) dot += (a[i] as number) * (b[i] as number);
      const v = slopePriorCovariance(sites[j] as SlopeSite, sites[k] as SlopeSite, gp.weights, gp.outputScale, d) - dot;
      cov[j * m + k] = v;
      cov[k * m + j] = v;
    }
  }
  return { mean, cov };
}

/**
 * Prior Cov(f(x), g) for a site: outward * d k(x, b) / d b_f = outward * 2 w_f (b_f - x_f) k'(r^2),
 * with k' = dk/d(r^2); with `grad` (length d) also writes its gradient with respect to x.
 */
function slopeCovariance(x: Float64Array, site: SlopeSite, w: Float64Array, s2: number, d: number, grad?: Float64Array): number {
  const b = site.point;
  const f = site.feature;
  const r2 = weightedSquaredDistance(x, 0, b, 0, w, d);
  const k1 = matern52SquaredDistanceDerivative(r2, s2);
  const lead = 2 * (w[f] as number) * ((b[f] as number) - (x[f] as number));
  if (grad) {
    const k2 = matern52SquaredDistanceSecondDerivative(r2, s2);
    for (let e = 0; e < d; e++) grad[e] = site.outward * lead * k2 * 2 * (w[e] as number) * ((x[e] as number) - (b[e] as number));
    grad[f] = (grad[f] as number) - site.outward * 2 * (w[f] as number) * k1;
  }
  return site.outward * lead * k1;
}

/** Prior Cov(g_j, g_k) = o_j o_k (-4 k'' w_f w_e D_f D_e - 2 k' w_f [f = e]), D = b_j - b_k. */
function slopePriorCovariance(sj: SlopeSite, sk: SlopeSite, w: Float64Array, s2: number, d: number): number {
  const r2 = weightedSquaredDistance(sj.point, 0, sk.point, 0, w, d);
  const k1 = matern52SquaredDistanceDerivative(r2, s2);
  const k2 = matern52SquaredDistanceSecondDerivative(r2, s2);
  const f = sj.feature;
  const e = sk.feature;
  const Df = (sj.point[f] as number) - (sk.point[f] as number);
  const De = (sj.point[e] as number) - (sk.point[e] as number);
  let v = -4 * k2 * (w[f] as number) * (w[e] as number) * Df * De;
  if (f === e) v -= 2 * k1 * (w[f] as number);
  return sj.outward * sk.outward * v;
}

/**
 * Assumed density filtering of the sites' step likelihoods 1[g_j > 0] over the joint posterior
 * N(mean, cov) of the m slopes: each site in turn is moment-matched against its current marginal
 * and replaced by a Gaussian pseudo-observation (value, variance) of g_j; null where the site is
 * not kept (P(g_j > 0) < 1/2 at its turn, no variance left, or a rise already nearly certain).
 */
function filterSites(mean0: Float64Array, cov0: Float64Array, m: number): ({ value: number; variance: number } | null)[] {
  const mean = Float64Array.from(mean0);
  const cov = Float64Array.from(cov0);
  const out: ({ value: number; variance: number } | null)[] = [];
  for (let j = 0; j < m; j++) {
    const mu = mean[j] as number;
    const v = cov[j * m + j] as number;
    if (!(v > 1e-12) || mu < -SURE_FALL * Math.sqrt(v)) {
      out.push(null);
      continue;
    }
    const sd = Math.sqrt(v);
    const z = mu / sd;
    const lambda = Math.exp(-0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - logNormalCdf(z));
    const tiltedMean = mu + sd * lambda;
    const tiltedVar = v * (1 - lambda * (z + lambda));
    const variance = 1 / (1 / tiltedVar - 1 / v);
    const value = variance * (tiltedMean / tiltedVar - mu / v);
    // NOTE: where the current marginal already makes a rise nearly certain (z of about 8 or more),
    // the tilt leaves it unchanged to rounding and the site's variance comes out infinite (or
    // negative) and its value NaN: such a site says nothing the data do not, so it is not kept.
    // Kept, it crashed the slope-corrected posterior's Cholesky (32 simulated workers, Hartmann6,
    // seed 3, rounds of about 16 points).
    if (!(variance > 0 && Number.isFinite(variance) && Number.isFinite(value))) {
      out.push(null);
      continue;
    }
    out.push({ value, variance });
    // Condition the joint on the pseudo-observation value = g_j + noise(variance).
    const gain = Float64Array.from({ length: m }, (_, k) => (cov[k * m + j] as number) / (v + variance));
    const innovation = value - mu;
    const rowJ = Float64Array.from({ length: m }, (_, k) => cov[j * m + k] as number);
    for (let k = 0; k < m; k++) {
      mean[k] = (mean[k] as number) + (gain[k] as number) * innovation;
      for (let l = 0; l < m; l++) cov[k * m + l] = (cov[k * m + l] as number) - (gain[k] as number) * (rowJ[l] as number);
    }
  }
  return out;
}

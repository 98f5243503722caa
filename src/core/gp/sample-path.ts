import { choleskySolve } from '../linalg/cholesky';
import { matern52SquaredDistanceDerivative, weightedSquaredDistance, matern52 } from '../kernels/matern52';
import type { SamplePath } from '../acquisition/posterior';
import type { Rng } from '../rng';
import type { GaussianProcess } from './gaussian-process';

/**
 * One draw of a GP posterior as a function that can be evaluated (and differentiated) anywhere, by
 * pathwise conditioning (Wilson et al. 2020, "Efficiently sampling functions from GP posteriors"):
 *   f(x) = f_prior(x) + k(x, X)^T (K + noise I)^{-1} (y - f_prior(X) - eps),  eps ~ N(0, noise I),
 * with f_prior drawn by M random Fourier features of the Matern-5/2 kernel. NOTE: the Matern-5/2
 * spectral density is a multivariate Student-t with 5 degrees of freedom scaled by 1/lengthscale,
 * so frequencies are omega = z * sqrt(w) * sqrt(5 / g) with z ~ N(0, I), g ~ chi^2_5.
 */
export class GpSamplePath implements SamplePath {
  private readonly omega: Float64Array;
  private readonly phase: Float64Array;
  private readonly theta: Float64Array;
  private readonly v: Float64Array;
  private readonly amplitude: number;

  /** @param features number M of random Fourier features */
  constructor(private readonly gp: GaussianProcess, rng: Rng, private readonly features = 512) {
    const { n, d, X, y } = gp.data;
    this.omega = new Float64Array(features * d);
    this.phase = new Float64Array(features);
    this.theta = new Float64Array(features);
    for (let m = 0; m < features; m++) {
      let g = 0;
      for (let k = 0; k < 5; k++) g += rng.normal() ** 2;
      const scale = Math.sqrt(5 / Math.max(g, 1e-12));
      for (let f = 0; f < d; f++) this.omega[m * d + f] = rng.normal() * Math.sqrt(gp.weights[f] as number) * scale;
      this.phase[m] = 2 * Math.PI * rng.next();
      this.theta[m] = rng.normal();
    }
    this.amplitude = Math.sqrt((2 * gp.outputScale) / features);
    const residual = new Float64Array(n);
    for (let i = 0; i < n; i++) residual[i] = (y[i] as number) - this.prior(X.subarray(i * d, (i + 1) * d)) - Math.sqrt(gp.noiseAt(i)) * rng.normal();
    this.v = choleskySolve(gp.factor.L, n, residual);
  }

  /**
   * The same draw minus k(x, X)^T delta (delta: length n, one weight per training row), at no extra
   * cost per evaluation: its data weights become v - delta. NOTE: lets a further conditioning of
   * the draw (virtual-slopes.ts) fold its correction's kernel terms into the path.
   */
  minusKernelTerms(delta: Float64Array): GpSamplePath {
    const twin = Object.create(GpSamplePath.prototype) as GpSamplePath;
    return Object.assign(twin, this, { v: this.v.map((vi, i) => vi - (delta[i] as number)) });
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const { n, d, X } = this.gp.data;
    const w = this.gp.weights;
    const s2 = this.gp.outputScale;
    let f = this.prior(x, grad);
    for (let i = 0; i < n; i++) {
      const r2 = weightedSquaredDistance(x, 0, X, i, w, d);
      const vi = this.v[i] as number;
      f += vi * matern52(r2, s2);
      if (grad) {
        const c = vi * matern52SquaredDistanceDerivative(r2, s2) * 2;
        for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) + c * (w[k] as number) * ((x[k] as number) - (X[i * d + k] as number));
      }
    }
    return f;
  }

  /**
   * The prior path f_prior(x); adds its gradient into grad (after zeroing it) when given. NOTE:
   * zero features are skipped in omega . x (the same sum exactly): a categorical parameter's
   * one-hot block is all zeros but one, and with 500 choices this product was the cost of a
   * Thompson draw (a draw costs features x d per evaluation).
   */
  private prior(x: ArrayLike<number>, grad?: Float64Array): number {
    const d = this.gp.data.d;
    grad?.fill(0);
    let f = 0;
    for (let m = 0; m < this.features; m++) {
      let arg = this.phase[m] as number;
      for (let k = 0; k < d; k++) {
        const xk = x[k] as number;
        if (xk !== 0) arg += (this.omega[m * d + k] as number) * xk;
      }
      const c = this.amplitude * (this.theta[m] as number);
      f += c * Math.cos(arg);
      if (grad) {
        const s = -c * Math.sin(arg);
        for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) + s * (this.omega[m * d + k] as number);
      }
    }
    return f;
  }
}

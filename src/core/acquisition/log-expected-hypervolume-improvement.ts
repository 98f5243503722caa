import type { BoxDecomposition } from '../pareto/box-decomposition';
import type { Acquisition } from './acquisition';
import { logH } from './log-expected-improvement';
import { log1mexp, logNormalCdf } from './normal';
import type { Posterior } from './posterior';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** The distinct finite bounds of one objective over the boxes, and each box's index into them. */
interface AxisBounds {
  values: Float64Array;
  /** Per box: index of its lower bound in `values`, or -1 for -Infinity. */
  low: Int32Array;
  /** Per box: index of its upper bound in `values`. */
  up: Int32Array;
}

/** Per-bound quantities of one objective at one posterior (z = (bound - mean) / sd). */
interface AxisTerms {
  logH: Float64Array;
  logCdf: Float64Array;
  logCdfUpper: Float64Array;
  z: Float64Array;
}

/**
 * log expected hypervolume improvement for minimisation, over m objectives with independent
 * posteriors (one GP each, in their own target units), given the box decomposition of the region
 * the current Pareto set does not dominate (core/pareto/box-decomposition). NOTE: the improvement
 * of an outcome y is the volume of that region above y, sum_k prod_j (u_kj - max(l_kj, y_j))_+, and
 * for Y_j ~ N(mu_j, s_j^2) each factor's expectation is closed form:
 *   E[(u - max(l, Y))_+] = E[(u - Y)_+] - E[(l - Y)_+] = s (h(beta) - h(alpha)),
 * with h(z) = phi(z) + z Phi(z) (log-EI's h), alpha = (l - mu) / s, beta = (u - mu) / s. So
 *   log EHVI = logsumexp_k sum_j [log s_j + log h(beta_kj) + log1mexp(log h(alpha_kj) - log h(beta_kj))],
 * finite wherever log-EI is (the same log h branches), however far the point is from improving.
 * Gradient: d/dmu log F = -(Phi(beta) - Phi(alpha)) / (s D) and d/ds log F = (phi(beta) - phi(alpha)) / (s D)
 * with D = h(beta) - h(alpha), every ratio formed in log space.
 */
export class LogExpectedHypervolumeImprovement implements Acquisition {
  private readonly axes: AxisBounds[];
  private readonly terms: AxisTerms[];
  /** Per objective: scratch for d mean / dx and d variance / dx. */
  private readonly slopes: { dMean: Float64Array; dVar: Float64Array }[];
  private readonly boxLog: Float64Array;

  /** @param posteriors one per objective, in the decomposition's objective order */
  constructor(private readonly posteriors: Posterior[], private readonly boxes: BoxDecomposition) {
    if (posteriors.length !== boxes.m) throw new Error(`log-EHVI: ${posteriors.length} posteriors for ${boxes.m} objectives`);
    this.axes = posteriors.map((_, j) => axisBounds(boxes, j));
    this.terms = this.axes.map((a) => ({
      logH: new Float64Array(a.values.length),
      logCdf: new Float64Array(a.values.length),
      logCdfUpper: new Float64Array(a.values.length),
      z: new Float64Array(a.values.length),
    }));
    this.slopes = posteriors.map((p) => ({ dMean: new Float64Array(p.dim), dVar: new Float64Array(p.dim) }));
    this.boxLog = new Float64Array(boxes.count);
  }

  /**
   * See Acquisition.values. NOTE: each box factor is at most E[(u - Y)_+] = s h(beta), which grows
   * with s, so log EHVI at the means and the posteriors' variance bounds with every lower bound
   * dropped bounds it from above: with `floor`, points whose bound is below it skip the exact
   * variances (the GPs' triangular solves) and come back -Infinity.
   */
  values(points: Float64Array[], floor?: number): Float64Array {
    const m = this.boxes.m;
    const mean = new Float64Array(m);
    const sd = new Float64Array(m);
    const out = new Float64Array(points.length).fill(-Infinity);
    let kept = points.map((_, i) => i);
    if (floor !== undefined) {
      // A posterior may solve without asking (the exact variance is a bound too).
      const bounds = this.posteriors.map(() => new Float64Array(points.length).fill(Number.NaN));
      const record = (j: number) => (_mean: number, bound: number, i: number): boolean => {
        (bounds[j] as Float64Array)[i] = bound;
        return false;
      };
      const means = this.posteriors.map((p, j) => {
        const { mean: mu, variance } = p.batch(points, record(j));
        variance.forEach((v, i) => !Number.isNaN(v) && ((bounds[j] as Float64Array)[i] = v));
        return mu;
      });
      kept = kept.filter((i) => {
        for (let j = 0; j < m; j++) {
          mean[j] = (means[j] as Float64Array)[i] as number;
          sd[j] = Math.sqrt((bounds[j] as Float64Array)[i] as number);
        }
        return this.logEhvi(mean, sd, true) >= floor;
      });
    }
    const keptPoints = kept.map((i) => points[i] as Float64Array);
    const moments = this.posteriors.map((p) => p.batch(keptPoints));
    kept.forEach((i, c) => {
      moments.forEach((mo, j) => {
        mean[j] = mo.mean[c] as number;
        sd[j] = Math.sqrt(mo.variance[c] as number);
      });
      out[i] = this.logEhvi(mean, sd, false);
    });
    return out;
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const m = this.boxes.m;
    const mean = new Float64Array(m);
    const sd = new Float64Array(m);
    if (!grad) {
      this.posteriors.forEach((p, j) => {
        p.evaluate(x);
        mean[j] = p.mean;
        sd[j] = Math.sqrt(p.variance);
      });
      return this.logEhvi(mean, sd, false);
    }
    grad.fill(0);
    this.posteriors.forEach((p, j) => {
      const { dMean, dVar } = this.slopes[j] as { dMean: Float64Array; dVar: Float64Array };
      p.evaluate(x, dMean, dVar);
      mean[j] = p.mean;
      sd[j] = Math.sqrt(p.variance);
    });
    const value = this.logEhvi(mean, sd, false);
    if (!Number.isFinite(value)) return value;
    const { byMean, bySd } = this.moments(value, sd);
    this.slopes.forEach(({ dMean, dVar }, j) => {
      const gm = byMean[j] as number;
      const gs = (bySd[j] as number) / (2 * (sd[j] as number));
      for (let f = 0; f < grad.length; f++) grad[f] = (grad[f] as number) + gm * (dMean[f] as number) + gs * (dVar[f] as number);
    });
    return value;
  }

  /**
   * log EHVI at per-objective means and sds; fills the per-bound terms and per-box logs. With
   * `upper`, every box's lower bounds count as -Infinity (an upper bound, growing with each sd).
   */
  private logEhvi(mean: Float64Array, sd: Float64Array, upper: boolean): number {
    const { m, count } = this.boxes;
    this.boxLog.fill(0);
    for (let j = 0; j < m; j++) {
      const axis = this.axes[j] as AxisBounds;
      const t = this.terms[j] as AxisTerms;
      const mu = mean[j] as number;
      const s = sd[j] as number;
      const logS = Math.log(s);
      for (let b = 0; b < axis.values.length; b++) {
        const z = ((axis.values[b] as number) - mu) / s;
        t.z[b] = z;
        t.logH[b] = logH(z);
      }
      for (let k = 0; k < count; k++) this.boxLog[k] = (this.boxLog[k] as number) + logS + logWidth(t, upper ? -1 : (axis.low[k] as number), axis.up[k] as number);
    }
    let top = -Infinity;
    for (let k = 0; k < count; k++) top = Math.max(top, this.boxLog[k] as number);
    if (top === -Infinity) return -Infinity;
    let sum = 0;
    for (let k = 0; k < count; k++) sum += Math.exp((this.boxLog[k] as number) - top);
    return top + Math.log(sum);
  }

  /** d log EHVI / d mean_j and d log EHVI / d sd_j at the point logEhvi last evaluated. */
  private moments(value: number, sd: Float64Array): { byMean: Float64Array; bySd: Float64Array } {
    const { m, count } = this.boxes;
    const byMean = new Float64Array(m);
    const bySd = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const axis = this.axes[j] as AxisBounds;
      const t = this.terms[j] as AxisTerms;
      for (let b = 0; b < axis.values.length; b++) {
        t.logCdf[b] = logNormalCdf(t.z[b] as number);
        t.logCdfUpper[b] = logNormalCdf(-(t.z[b] as number));
      }
      const s = sd[j] as number;
      for (let k = 0; k < count; k++) {
        const weight = Math.exp((this.boxLog[k] as number) - value);
        if (weight === 0) continue;
        const low = axis.low[k] as number;
        const up = axis.up[k] as number;
        const logD = logWidth(t, low, up);
        byMean[j] = (byMean[j] as number) - (weight * Math.exp(logCdfGap(t, low, up) - logD)) / s;
        bySd[j] = (bySd[j] as number) + (weight * pdfGapOver(t, low, up, logD)) / s;
      }
    }
    return { byMean, bySd };
  }
}

function axisBounds(boxes: BoxDecomposition, j: number): AxisBounds {
  const { m, count, lower, upper } = boxes;
  const finite = new Set<number>();
  for (let k = 0; k < count; k++) {
    const l = lower[k * m + j] as number;
    if (l !== -Infinity) finite.add(l);
    finite.add(upper[k * m + j] as number);
  }
  const values = Float64Array.from([...finite].sort((a, b) => a - b));
  const index = new Map<number, number>();
  values.forEach((v, i) => index.set(v, i));
  const low = new Int32Array(count);
  const up = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const l = lower[k * m + j] as number;
    low[k] = l === -Infinity ? -1 : (index.get(l) as number);
    up[k] = index.get(upper[k * m + j] as number) as number;
  }
  return { values, low, up };
}

/** log(h(beta) - h(alpha)) for a box side (low = -1: h(alpha) = 0); -Infinity for an empty side. */
function logWidth(t: AxisTerms, low: number, up: number): number {
  const top = t.logH[up] as number;
  if (low < 0) return top;
  const gap = (t.logH[low] as number) - top;
  return gap < 0 ? top + log1mexp(gap) : -Infinity;
}

/** log(Phi(beta) - Phi(alpha)), from the lower tail when alpha <= 0 and from the upper tail otherwise. */
function logCdfGap(t: AxisTerms, low: number, up: number): number {
  if (low < 0) return t.logCdf[up] as number;
  if ((t.z[low] as number) <= 0) {
    const gap = (t.logCdf[low] as number) - (t.logCdf[up] as number);
    return gap < 0 ? (t.logCdf[up] as number) + log1mexp(gap) : -Infinity;
  }
  const gap = (t.logCdfUpper[up] as number) - (t.logCdfUpper[low] as number);
  return gap < 0 ? (t.logCdfUpper[low] as number) + log1mexp(gap) : -Infinity;
}

/** (phi(beta) - phi(alpha)) / exp(logD), with the densities combined in log space. */
function pdfGapOver(t: AxisTerms, low: number, up: number, logD: number): number {
  const logPdfUp = -0.5 * (t.z[up] as number) ** 2 - LOG_SQRT_2PI;
  if (low < 0) return Math.exp(logPdfUp - logD);
  const logPdfLow = -0.5 * (t.z[low] as number) ** 2 - LOG_SQRT_2PI;
  if (logPdfUp === logPdfLow) return 0;
  const hi = Math.max(logPdfUp, logPdfLow);
  const magnitude = Math.exp(hi + log1mexp(Math.min(logPdfUp, logPdfLow) - hi) - logD);
  return logPdfUp > logPdfLow ? magnitude : -magnitude;
}

import type { Rng } from '../../core/rng';
import type { ParamScale } from './internal-scale';
import { sampleTruncatedNormal, truncatedNormalLogNormalizer } from './truncated-normal';

/** Settings shared by every Parzen estimator of one ask. */
export interface ParzenSettings {
  /** Weight of the prior kernel relative to one observation. */
  priorWeight: number;
  /** Joint kernels over the group (true) or one independent mixture per parameter (false). */
  multivariate: boolean;
  /** Lower-bound bandwidths by range / min(100, 1 + kernels) (Bergstra's "magic clip"). */
  magicClip: boolean;
  /** Multivariate kernel width as a fraction of the range, before the n^(-1/(d+4)) shrinkage. */
  bandwidthFactor: number;
}

/** One dimension of the mixture: Gaussian kernels for numbers, weighted counts for choices. */
type Dimension =
  | { kind: 'numeric'; low: number; high: number; mus: Float64Array; sigmas: Float64Array; logNormalizers: Float64Array }
  | { kind: 'categorical'; logProbs: Float64Array[] };

/**
 * A Parzen (kernel density) estimator over a group of parameters in their TPE scales: one kernel
 * per observation plus a prior kernel (uniform-ish: centre of the range, width of the range;
 * uniform over choices). Rows are points with one internal coordinate per parameter of the group.
 */
export class ParzenEstimator {
  private readonly dims: Dimension[];
  private readonly logWeights: Float64Array;

  /**
   * @param observations n rows x d coordinates (internal scale; choice indices for categoricals)
   * @param weights n non-negative weights of the observations (recent trials weigh more)
   */
  constructor(
    private readonly scales: readonly ParamScale[],
    observations: readonly Float64Array[],
    weights: readonly number[],
    private readonly settings: ParzenSettings,
  ) {
    const all = [...weights, settings.priorWeight];
    const total = all.reduce((a, b) => a + b, 0);
    this.logWeights = Float64Array.from(all, (w) => Math.log(w / total));
    this.dims = scales.map((scale, j) => buildDimension(scale, observations.map((row) => row[j] as number), settings, scales.length));
  }

  /** A point drawn from the mixture (joint kernel choice when multivariate). */
  sample(rng: Rng): Float64Array {
    const point = new Float64Array(this.dims.length);
    const shared = this.pickKernel(rng);
    this.dims.forEach((dim, j) => {
      const k = this.settings.multivariate ? shared : this.pickKernel(rng);
      point[j] = sampleDimension(dim, k, rng);
    });
    return point;
  }

  /** Log density of a point (internal scale). */
  logPdf(point: Float64Array): number {
    if (this.settings.multivariate) {
      const terms = this.logWeights.slice();
      this.dims.forEach((dim, j) => addKernelLogPdfs(dim, point[j] as number, terms));
      return logSumExp(terms);
    }
    let total = 0;
    this.dims.forEach((dim, j) => {
      const terms = this.logWeights.slice();
      addKernelLogPdfs(dim, point[j] as number, terms);
      total += logSumExp(terms);
    });
    return total;
  }

  /** Number of parameters in the group. */
  get dimension(): number {
    return this.scales.length;
  }

  private pickKernel(rng: Rng): number {
    let u = rng.next();
    for (let k = 0; k < this.logWeights.length; k++) {
      u -= Math.exp(this.logWeights[k] as number);
      if (u < 0) return k;
    }
    return this.logWeights.length - 1;
  }
}

function buildDimension(scale: ParamScale, values: number[], settings: ParzenSettings, groupDimension: number): Dimension {
  if (scale.kind === 'categorical') {
    const n = scale.choices.length;
    const rows = values.map((c) => Float64Array.from({ length: n }, (_, i) => Math.log((settings.priorWeight / n + (i === c ? 1 : 0)) / (settings.priorWeight + 1))));
    rows.push(new Float64Array(n).fill(-Math.log(n)));
    return { kind: 'categorical', logProbs: rows };
  }
  const width = scale.high - scale.low;
  const mus = Float64Array.from([...values, (scale.low + scale.high) / 2]);
  const sigmas = settings.multivariate ? scottBandwidths(values.length, width, groupDimension, settings.bandwidthFactor) : neighbourBandwidths(values, scale.low, scale.high);
  sigmas[values.length] = width;
  // NOTE: the magic clip keeps kernels from collapsing onto one observation (a tiny sigma makes the
  // density ratio explode near any single good point); without it, width * 1e-12 avoids 0 widths.
  const minSigma = settings.magicClip ? width / Math.min(100, 1 + values.length + 1) : width * 1e-12;
  for (let k = 0; k < sigmas.length; k++) sigmas[k] = Math.min(Math.max(sigmas[k] as number, minSigma), width);
  const logNormalizers = mus.map((mu, k) => truncatedNormalLogNormalizer(mu, sigmas[k] as number, scale.low, scale.high));
  return { kind: 'numeric', low: scale.low, high: scale.high, mus, sigmas, logNormalizers };
}

/**
 * Multivariate bandwidth: factor x n^(-1/(d+4)) x range for every kernel (Scott's rule shape;
 * Optuna's multivariate TPE uses factor 0.2, see TpeOptions.bandwidth_factor for ours).
 */
function scottBandwidths(n: number, width: number, groupDimension: number, factor: number): Float64Array {
  return new Float64Array(n + 1).fill(factor * Math.max(n, 1) ** (-1 / (groupDimension + 4)) * width);
}

/** Univariate bandwidth: the larger gap to a neighbouring observation (or the range end). */
function neighbourBandwidths(values: number[], low: number, high: number): Float64Array {
  const sigmas = new Float64Array(values.length + 1);
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  order.forEach((idx, rank) => {
    const left = rank === 0 ? low : (values[order[rank - 1] as number] as number);
    const right = rank === order.length - 1 ? high : (values[order[rank + 1] as number] as number);
    const v = values[idx] as number;
    sigmas[idx] = Math.max(v - left, right - v);
  });
  return sigmas;
}

function sampleDimension(dim: Dimension, k: number, rng: Rng): number {
  if (dim.kind === 'numeric') return sampleTruncatedNormal(rng, dim.mus[k] as number, dim.sigmas[k] as number, dim.low, dim.high);
  const logProbs = dim.logProbs[k] as Float64Array;
  let u = rng.next();
  for (let c = 0; c < logProbs.length; c++) {
    u -= Math.exp(logProbs[c] as number);
    if (u < 0) return c;
  }
  return logProbs.length - 1;
}

/** Adds to terms[k] the log density of x under kernel k of one dimension, for every kernel. */
function addKernelLogPdfs(dim: Dimension, x: number, terms: Float64Array): void {
  if (dim.kind === 'categorical') {
    for (let k = 0; k < terms.length; k++) terms[k] = (terms[k] as number) + ((dim.logProbs[k] as Float64Array)[x] ?? -Infinity);
    return;
  }
  if (x < dim.low || x > dim.high) {
    terms.fill(-Infinity);
    return;
  }
  const { mus, sigmas, logNormalizers } = dim;
  for (let k = 0; k < terms.length; k++) {
    const z = (x - (mus[k] as number)) / (sigmas[k] as number);
    terms[k] = (terms[k] as number) - 0.5 * z * z - (logNormalizers[k] as number);
  }
}

/** log(sum(exp(terms))) without overflow. */
export function logSumExp(terms: Float64Array): number {
  let max = -Infinity;
  for (const t of terms) max = Math.max(max, t);
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return max + Math.log(s);
}

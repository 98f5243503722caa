import { inverseNormalCdf } from '../acquisition/inverse-normal';

/**
 * Maps losses (lower is better) to the GP's standardised targets and back.
 *
 * NOTE: half-rank warping (as in OSS Vizier): losses at or below the median keep their linear
 * shape (the region the optimiser cares about keeps its resolution), losses above the median are
 * replaced by normal quantiles of their ranks scaled by the spread of the better half. A few
 * terrible or 1e300-sized trials therefore cannot flatten the model, and heavy right tails
 * (Rosenbrock) become Gaussian. The result is then standardised to mean 0, sd 1. The map is
 * monotone, so the incumbent stays the incumbent.
 */
export class OutputWarp {
  /** Warped, standardised targets, one per input loss (same order). */
  readonly targets: Float64Array;
  private readonly median: number;
  private readonly spread: number;
  private readonly shift: number;
  private readonly scale: number;
  /** Sorted (warped, loss) pairs of the worse half, for the inverse map. */
  private readonly knots: { warped: number; loss: number }[];

  constructor(losses: ArrayLike<number>) {
    const n = losses.length;
    const sorted = Array.from(losses).sort((a, b) => a - b);
    this.median = n === 0 ? 0 : (sorted[Math.floor((n - 1) / 2)] as number);
    this.spread = betterHalfSpread(sorted, this.median);
    const ranks = midRanks(losses);
    const warped = Float64Array.from({ length: n }, (_, i) => {
      const loss = losses[i] as number;
      if (loss <= this.median) return (loss - this.median) / this.spread;
      return Math.max(inverseNormalCdf(((ranks[i] as number) + 0.5) / n), 1e-9);
    });
    this.knots = Array.from({ length: n }, (_, i) => ({ warped: warped[i] as number, loss: losses[i] as number }))
      .filter((k) => k.loss > this.median)
      .sort((a, b) => a.warped - b.warped);
    let mean = 0;
    for (const w of warped) mean += w;
    mean = n > 0 ? mean / n : 0;
    let variance = 0;
    for (const w of warped) variance += (w - mean) ** 2;
    this.shift = mean;
    this.scale = n > 1 && variance > 0 ? Math.sqrt(variance / n) : 1;
    this.targets = warped.map((w) => (w - this.shift) / this.scale);
  }

  /** Standardised target of a loss (monotone increasing). */
  forward(loss: number): number {
    if (loss <= this.median) return ((loss - this.median) / this.spread - this.shift) / this.scale;
    const k = this.knots.find((p) => p.loss >= loss) ?? this.knots[this.knots.length - 1];
    return ((k ? k.warped : 1e-9) - this.shift) / this.scale;
  }

  /** Loss of a standardised target (inverse of forward; piecewise linear on the worse half). */
  inverse(target: number): number {
    const w = target * this.scale + this.shift;
    if (w <= 0 || this.knots.length === 0) return this.median + w * this.spread;
    let lo = { warped: 0, loss: this.median };
    for (const k of this.knots) {
      if (k.warped >= w) {
        const t = k.warped > lo.warped ? (w - lo.warped) / (k.warped - lo.warped) : 1;
        return lo.loss + t * (k.loss - lo.loss);
      }
      lo = k;
    }
    return lo.loss;
  }

  /** A prediction N(mean, sd^2) in target units, as (mean, sd) in loss units (sd by central difference). */
  toLossUnits(mean: number, sd: number): { mean: number; sd: number } {
    return { mean: this.inverse(mean), sd: Math.abs(this.inverse(mean + sd) - this.inverse(mean - sd)) / 2 };
  }
}

/** Root mean square distance of the losses at or below the median from it; 1 when they coincide. */
function betterHalfSpread(sorted: number[], median: number): number {
  const better = sorted.filter((v) => v <= median);
  const big = Math.max(...better.map((v) => Math.abs(v - median)), 0);
  if (!(big > 0) || !Number.isFinite(big)) return 1;
  let s = 0;
  for (const v of better) s += ((v - median) / big) ** 2;
  const spread = big * Math.sqrt(s / better.length);
  return spread > 0 ? spread : 1;
}

/** 0-based ranks with ties given their average rank. */
function midRanks(values: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1] as number] === values[idx[i] as number]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k] as number] = (i + j) / 2;
    i = j + 1;
  }
  return ranks;
}

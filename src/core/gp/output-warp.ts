/**
 * The shape of an OutputWarp, chosen per study by the evidence (model.ts):
 * - 'linear': robust standardisation (the loss's own scale);
 * - 'tail': linear up to 2 better-half spreads above the median, the right tail compressed above;
 * - 'log': the log of the distance above a point `offset` better-half spreads below the lowest
 *   loss, log((loss - lowest) / spread + offset), continued linearly (C1) below the lowest loss. A
 *   loss whose scale is multiplicative (an error that falls by decades as the configuration
 *   improves, Rosenbrock's valley) is smooth in its log; `offset` sets how close to the best loss
 *   the log resolves differences (its singularity).
 */
export type WarpShape = { kind: 'linear' } | { kind: 'tail' } | { kind: 'log'; offset: number };

/** The linear shape (WarpShape). */
export const LINEAR_WARP: WarpShape = { kind: 'linear' };
/** The tail-compressing shape (WarpShape), the default. */
export const TAIL_WARP: WarpShape = { kind: 'tail' };

/**
 * Maps losses (lower is better) to the GP's standardised targets and back.
 *
 * NOTE: losses are centred on their median and scaled by the root-mean-square deviation of the
 * better half (the region the optimiser cares about keeps its linear shape and resolution); losses
 * more than 2 such units above the median are compressed by 2 + log(1 + log(1 + (z - 2))), which is
 * C1, monotone and maps even 1e300 to about 9.5. A few terrible or huge trials therefore cannot
 * flatten the model, and heavy right tails (Rosenbrock) stop dominating it. Measured at 60
 * evaluations over 8 seeds, median log10 regret on Rosenbrock4 went from 2.01 (plain
 * standardisation) to 0.93, with Hartmann6 unchanged; a Vizier-style half-rank warping (ranks of
 * the worse half mapped to normal quantiles) was worse on Hartmann6 (-1.59 against -2.07 over 6
 * seeds) because it invents spread among the nearly equal bad values. The result is standardised
 * to mean 0, sd 1. The map is monotone, so the incumbent stays the incumbent.
 * With the 'linear' shape the compression is off (plain robust standardisation); the 'log' shape
 * (WarpShape) maps the log of the distance above a point just below the best loss. model.ts chooses
 * the shape by the likelihood of the losses themselves (see logJacobian).
 * All arithmetic runs on the losses divided by `unit`, a power of two near the largest |loss|:
 * exact for normal numbers (results are bit for bit those of the unscaled map), and differences of
 * losses near +-Number.MAX_VALUE (a study told -1e308 and 1e308) stay finite instead of
 * overflowing to Infinity and NaN targets.
 */
export class OutputWarp {
  /** Warped, standardised targets, one per input loss (same order). */
  readonly targets: Float64Array;
  /** Power of two every loss is divided by before any arithmetic (see above). */
  private readonly unit: number;
  /** Median, smallest and largest loss, and better-half spread, in units of `unit`. */
  private readonly median: number;
  private readonly low: number;
  private readonly high: number;
  private readonly spread: number;
  private readonly shift: number;
  private readonly scale: number;

  /**
   * @param shape linear, tail-compressing or log (see WarpShape); default: tail-compressing.
   * @param centre the loss whose target is 0 (the GP's prior mean, see model.ts); default: the
   *   targets have mean 0.
   */
  constructor(losses: ArrayLike<number>, readonly shape: WarpShape = TAIL_WARP, centre?: number) {
    const n = losses.length;
    this.unit = powerOfTwoNear(losses);
    const sorted = Array.from(losses, (v) => v / this.unit).sort((a, b) => a - b);
    this.median = n === 0 ? 0 : (sorted[Math.floor((n - 1) / 2)] as number);
    this.low = n === 0 ? 0 : (sorted[0] as number);
    this.high = n === 0 ? 0 : (sorted[n - 1] as number);
    this.spread = betterHalfSpread(sorted, this.median);
    const warped = Float64Array.from({ length: n }, (_, i) => this.warp(losses[i] as number));
    let mean = 0;
    for (const w of warped) mean += w;
    mean = n > 0 ? mean / n : 0;
    let variance = 0;
    for (const w of warped) variance += (w - mean) ** 2;
    this.shift = centre === undefined ? mean : this.warp(centre);
    this.scale = n > 1 && variance > 0 ? Math.sqrt(variance / n) : 1;
    this.targets = warped.map((w) => (w - this.shift) / this.scale);
  }

  /** Standardised target of a loss (monotone increasing). */
  forward(loss: number): number {
    return (this.warp(loss) - this.shift) / this.scale;
  }

  /** Loss of a standardised target (exact inverse of forward). */
  inverse(target: number): number {
    return toFinite(this.scaledLoss(target) * this.unit);
  }

  /**
   * A prediction N(mean, sd^2) in target units as (mean, sd) in loss units, kept believable: the
   * mean is the inverse warp of the target mean, limited to [lowest - range, highest + range] of
   * the observed losses, and the sd is half the width of the band inverse(mean +- sd), at most the
   * observed range. NOTE: where the warp is linear this is the exact map (mean and sd scale
   * linearly); through the double-exponential tail the band's upper end can reach 1e300 for a point
   * the model merely finds uncertain (a study whose objective never passed 28 reported sd 72-128 and
   * a contour peak of 1,187), so a prediction never claims more than the observed range again. The
   * width is capped rather than each end clamped, and taken in units of `unit`: clamped ends met at
   * one wall for a point beyond it, and ends in finite loss units saturated at Number.MAX_VALUE for
   * a study told +-1e308, so an uncertain point reported an sd of 0.
   */
  toLossUnits(mean: number, sd: number): { mean: number; sd: number } {
    const range = this.high - this.low;
    const centre = Math.min(this.high + range, Math.max(this.low - range, this.scaledLoss(mean)));
    const halfWidth = (this.scaledLoss(mean + sd) - this.scaledLoss(mean - sd)) / 2;
    // NOTE: both ends infinite (far up the tail) give NaN, which takes the cap as well.
    return { mean: toFinite(centre * this.unit), sd: toFinite((halfWidth < range ? halfWidth : range) * this.unit) };
  }

  /**
   * sum_i log d target / d loss at the given losses. NOTE: -log p(losses) of a GP on the targets
   * is -log p(targets) - logJacobian(losses) (change of variables), so fits on differently warped
   * targets of the same losses compare on one scale.
   */
  logJacobian(losses: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < losses.length; i++) s += Math.log(this.slope((losses[i] as number) / this.unit) / (this.spread * this.scale)) - Math.log(this.unit);
    return s;
  }

  /** The loss of a standardised target, in units of `unit` (Infinity far up the tail: callers bound it). */
  private scaledLoss(target: number): number {
    return this.unwarp(target * this.scale + this.shift);
  }

  /** The warped value of a loss, before standardisation (see WarpShape). */
  private warp(loss: number): number {
    const { shape } = this;
    const scaled = loss / this.unit;
    if (shape.kind === 'log') {
      const u = (scaled - this.low) / this.spread;
      return u >= 0 ? Math.log(u + shape.offset) : Math.log(shape.offset) + u / shape.offset;
    }
    const z = (scaled - this.median) / this.spread;
    return shape.kind === 'linear' || z <= 2 ? z : 2 + Math.log1p(Math.log1p(z - 2));
  }

  /** The loss of a warped value, in units of `unit` (exact inverse of warp). */
  private unwarp(w: number): number {
    const { shape } = this;
    if (shape.kind === 'log') {
      const floor = Math.log(shape.offset);
      return this.low + (w >= floor ? Math.exp(w) - shape.offset : (w - floor) * shape.offset) * this.spread;
    }
    const z = shape.kind === 'linear' || w <= 2 ? w : 2 + Math.expm1(Math.expm1(w - 2));
    return this.median + z * this.spread;
  }

  /**
   * d warp / d z at a loss in units of `unit`, where z is the loss in better-half spreads (the
   * slope of warp times spread).
   */
  private slope(scaled: number): number {
    const { shape } = this;
    if (shape.kind === 'log') return 1 / (Math.max(0, (scaled - this.low) / this.spread) + shape.offset);
    const z = (scaled - this.median) / this.spread;
    return shape.kind === 'tail' && z > 2 ? 1 / ((1 + (z - 2)) * (1 + Math.log1p(z - 2))) : 1;
  }
}

/**
 * 2^k for the largest k with 2^k <= the largest |loss| (1 when there is none or all are 0).
 * NOTE: dividing by it is exact for normal numbers and leaves every |loss| in [0, 2).
 */
function powerOfTwoNear(losses: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < losses.length; i++) largest = Math.max(largest, Math.abs(losses[i] as number));
  if (!(largest > 0) || !Number.isFinite(largest)) return 1;
  // log2 rounds: up to 1024 for Number.MAX_VALUE, one above the exponent for values just below 2^k.
  let exponent = Math.min(1023, Math.floor(Math.log2(largest)));
  if (2 ** exponent > largest) exponent -= 1;
  return 2 ** exponent;
}

/** v, with +-Infinity replaced by +-Number.MAX_VALUE. */
function toFinite(v: number): number {
  return Number.isFinite(v) ? v : Math.sign(v) * Number.MAX_VALUE;
}

/**
 * Root mean square distance of the losses at or below the median from it (of all losses when
 * those are all equal), floored at 1e-300 of the
 * largest distance of any loss from the median (and at 1e-300) so that z-scores stay finite;
 * 1 when all losses coincide.
 */
function betterHalfSpread(sorted: number[], median: number): number {
  const largest = Math.max(...sorted.map((v) => Math.abs(v - median)), 0);
  if (!(largest > 0) || !Number.isFinite(largest)) return 1;
  const better = sorted.filter((v) => v <= median);
  const big = Math.max(...better.map((v) => median - v), 0);
  let rms = 0;
  if (big > 0) {
    let s = 0;
    for (const v of better) s += ((median - v) / big) ** 2;
    rms = big * Math.sqrt(s / better.length);
  }
  if (rms === 0) {
    // The better half is one repeated value: scale by the spread of all losses instead.
    let s = 0;
    for (const v of sorted) s += ((v - median) / largest) ** 2;
    rms = largest * Math.sqrt(s / sorted.length);
  }
  return Math.max(rms, largest * 1e-300, 1e-300);
}

import { sameEntries } from '../linalg/vectors';
import type { Acquisition } from './acquisition';

/** A set of feature vectors, given by its membership test. */
export interface FeatureRegion {
  contains(x: Float64Array): boolean;
}

/**
 * An acquisition restricted to the complement of some regions: -Infinity inside any of them (no
 * gradient there), the inner acquisition elsewhere. Used to search beyond converged basins
 * (samplers/gp/basin-escape.ts). L-BFGS's line search backtracks from a non-finite value, so a
 * local search started outside stays outside.
 */
export class ExcludedRegions implements Acquisition {
  /** The inner acquisition's (see Acquisition.gradientAfterValue). */
  readonly gradientAfterValue: boolean | undefined;
  /** The last point tested by `value` (empty before the first) and whether it was excluded. */
  private last = new Float64Array(0);
  private lastExcluded = false;

  /** The regions, the one that held the last excluded point first. */
  private readonly order: FeatureRegion[];

  constructor(private readonly inner: Acquisition, regions: readonly FeatureRegion[]) {
    this.gradientAfterValue = inner.gradientAfterValue;
    this.order = [...regions];
  }

  /**
   * Whether any region holds x. NOTE: the region that held the last excluded point is tested first
   * (the answer is an OR, so the order changes the speed only): a local search's steps mostly stay
   * in one basin. The basins' posterior means in the simulated 32-worker Hartmann6 study: to 300
   * trials 169,147 -> 164,945, to 600 trials 1,263,101 -> 1,166,136 (the same suggestions).
   */
  private excluded(x: Float64Array): boolean {
    const at = this.order.findIndex((r) => r.contains(x));
    if (at > 0) this.order.unshift(...this.order.splice(at, 1));
    return at >= 0;
  }

  /**
   * See Acquisition.values. NOTE: with a floor the inner acquisition screens every point first and
   * only those it does not skip are tested for membership: a membership test costs posterior
   * means along segments (basin-escape.ts), and most screened Sobol candidates fall below the
   * floor. The answer is the same either way (the inner acquisition skips point by point).
   */
  values(points: Float64Array[], floor?: number): Float64Array {
    if (floor !== undefined) {
      const inner = this.inner.values(points, floor);
      return inner.map((v, j) => (v !== -Infinity && this.excluded(points[j] as Float64Array) ? -Infinity : v));
    }
    const keep = points.map((x) => !this.excluded(x));
    const inner = this.inner.values(points.filter((_, j) => keep[j]), floor);
    let k = 0;
    return Float64Array.from(points, (_, j) => (keep[j] ? (inner[k++] as number) : -Infinity));
  }

  /**
   * See Acquisition.value. NOTE: the membership test of the last point is remembered, so a value
   * then a gradient at the same point (a local search's accepted step) tests the regions once.
   */
  value(x: Float64Array, grad?: Float64Array): number {
    if (!sameEntries(x, this.last)) {
      this.lastExcluded = this.excluded(x);
      this.last = Float64Array.from(x);
    }
    if (this.lastExcluded) {
      grad?.fill(0);
      return -Infinity;
    }
    return this.inner.value(x, grad);
  }
}

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

  constructor(private readonly inner: Acquisition, private readonly regions: readonly FeatureRegion[]) {
    this.gradientAfterValue = inner.gradientAfterValue;
  }

  private excluded(x: Float64Array): boolean {
    return this.regions.some((r) => r.contains(x));
  }

  values(points: Float64Array[], floor?: number): Float64Array {
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

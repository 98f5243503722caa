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
  constructor(private readonly inner: Acquisition, private readonly regions: readonly FeatureRegion[]) {}

  private excluded(x: Float64Array): boolean {
    return this.regions.some((r) => r.contains(x));
  }

  values(points: Float64Array[], floor?: number): Float64Array {
    const keep = points.map((x) => !this.excluded(x));
    const inner = this.inner.values(points.filter((_, j) => keep[j]), floor);
    let k = 0;
    return Float64Array.from(points, (_, j) => (keep[j] ? (inner[k++] as number) : -Infinity));
  }

  value(x: Float64Array, grad?: Float64Array): number {
    if (this.excluded(x)) {
      grad?.fill(0);
      return -Infinity;
    }
    return this.inner.value(x, grad);
  }
}

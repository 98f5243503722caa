import type { Acquisition } from './acquisition';

/**
 * The log-space acquisition log 1 = 0 everywhere (zero gradient). NOTE: weighted by probabilities
 * of feasibility (FeasibilityWeighted adds their logs), it maximises the probability that a point
 * is feasible: the search while no feasible outcome has been observed.
 */
export class LogConstant implements Acquisition {
  values(points: Float64Array[]): Float64Array {
    return new Float64Array(points.length);
  }

  value(_x: Float64Array, grad?: Float64Array): number {
    grad?.fill(0);
    return 0;
  }
}

/**
 * An acquisition function over GP input features, to be MAXIMISED. `value` writes the gradient
 * with respect to the features into `grad` when given (length = feature dimension). The names
 * of the acquisitions (API option, reason, class) are in ACQUISITION_KINDS.
 */
export interface Acquisition {
  value(x: Float64Array, grad?: Float64Array): number;
  /**
   * Values at many points (no gradients); equal to mapping `value`, usually faster. With `floor`,
   * a point whose value provably lies below `floor` may come back as -Infinity instead (its exact
   * value is then never computed); every point whose value is at least `floor` is exact.
   */
  values(points: Float64Array[], floor?: number): Float64Array;
  /**
   * True when value(x, grad) right after value(x) at the same x reuses that evaluation and costs
   * only what the gradient adds (the same numbers), so a local search may ask for values first and
   * gradients only at the points it keeps. Absent: a gradient call repeats the value's work.
   */
  readonly gradientAfterValue?: boolean;
}

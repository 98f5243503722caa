/**
 * An acquisition function over GP input features, to be MAXIMISED. `value` writes the gradient
 * with respect to the features into `grad` when given (length = feature dimension).
 */
export interface Acquisition {
  /** Name recorded in the suggestion reason: 'log_ei', 'ucb' or 'thompson'. */
  readonly name: string;
  value(x: Float64Array, grad?: Float64Array): number;
  /**
   * Values at many points (no gradients); equal to mapping `value`, usually faster. With `floor`,
   * a point whose value provably lies below `floor` may come back as -Infinity instead (its exact
   * value is then never computed); every point whose value is at least `floor` is exact.
   */
  values(points: Float64Array[], floor?: number): Float64Array;
}

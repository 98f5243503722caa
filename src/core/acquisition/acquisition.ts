/**
 * An acquisition function over GP input features, to be MAXIMISED. `value` writes the gradient
 * with respect to the features into `grad` when given (length = feature dimension).
 */
export interface Acquisition {
  /** Name recorded in the suggestion reason: 'log_ei', 'ucb' or 'thompson'. */
  readonly name: string;
  value(x: Float64Array, grad?: Float64Array): number;
  /** Values at many points (no gradients); equal to mapping `value`, usually faster. */
  values(points: Float64Array[]): Float64Array;
}

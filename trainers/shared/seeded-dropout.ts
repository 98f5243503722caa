import { tf } from './tf';

/**
 * Dropout whose masks are reproducible: call k of training uses seed + k.
 * NOTE: TF.js' own Dropout layer either draws from Math.random (no seed) or, given a seed, reuses
 * one mask on every batch; neither gives a reproducible run with fresh masks.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'BaytuneSeededDropout';
  private calls = 0;

  constructor(
    private readonly rate: number,
    private readonly seed: number,
  ) {
    super({});
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (kwargs.training !== true || this.rate === 0) return x;
    this.calls += 1;
    return tf.dropout(x, this.rate, undefined, this.seed + this.calls);
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }

  override getClassName(): string {
    return SeededDropout.className;
  }
}

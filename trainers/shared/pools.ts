import { samePadding, shifted } from './patch-conv';
import { tf } from './tf';

/** Below any activation: the value 'same' padding gives the max pool's border. */
const PAD_VALUE = -1e30;

/** A square pooling window of `size` pixels moved `stride` pixels at a time, with TF 'same' padding. */
export interface PoolShape {
  size: number;
  stride: number;
}

/**
 * The size*size window taps of x [n, h, w, c] padded with `value` by TF 'same' rules, row by row:
 * each [n, ceil(h/s), ceil(w/s), c], tap (i, j) holding every window's pixel (i, j).
 */
function windowTaps(x: tf.Tensor4D, shape: PoolShape, value: number): tf.Tensor4D[] {
  return shape.stride === shape.size ? blockTaps(x, shape.size, value) : shiftedTaps(x, shape, value);
}

/** Overlapping windows: each tap a shifted, strided slice of the padded input. */
function shiftedTaps(x: tf.Tensor4D, { size: k, stride: s }: PoolShape, value: number): tf.Tensor4D[] {
  const [n, h, w, c] = x.shape;
  const [outH, outW] = [Math.ceil(h / s), Math.ceil(w / s)];
  const padded = tf.pad(x, [[0, 0], samePadding(h, outH, k, s), samePadding(w, outW, k, s), [0, 0]], value);
  const taps: tf.Tensor4D[] = [];
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) taps.push(shifted(padded, i, j, [n, outH, outW, c], s));
  }
  return taps;
}

/**
 * Non-overlapping windows (stride = size): the padded input viewed as [n·outH, k, outW, k·c], so
 * each tap is one 4-D slice.
 * NOTE: on wasm a [32, 14, 14, 8] 2x2 pool's forward and backward took 6.4 ms this way against
 * tf.maxPool's 5.7 ms, and 50-60 ms with shifted slices (whose strides go through 6-D slices).
 */
function blockTaps(x: tf.Tensor4D, k: number, value: number): tf.Tensor4D[] {
  const [n, h, w, c] = x.shape;
  const [outH, outW] = [Math.ceil(h / k), Math.ceil(w / k)];
  const [top, left] = [samePadding(h, outH, k, k)[0], samePadding(w, outW, k, k)[0]];
  const padded = tf.pad(x, [[0, 0], [top, outH * k - h - top], [left, outW * k - w - left], [0, 0]], value);
  const view = padded.reshape([n * outH, k, outW, k * c]);
  const taps: tf.Tensor4D[] = [];
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) taps.push(tf.slice(view, [0, i, 0, j * c], [n * outH, 1, outW, c]).reshape([n, outH, outW, c]));
  }
  return taps;
}

/**
 * Max pooling of x [n, h, w, c] with TF 'same' padding, as the elementwise maximum of the window's
 * taps: [n, ceil(h/s), ceil(w/s), c], equal to tf.maxPool(x, size, stride, 'same'). A tie sends
 * the gradient to its first tap only (so a bias under a uniform background gets it once).
 * NOTE: not tf.maxPool: on wasm its gradient (MaxPoolGrad) is wrong where a whole window is
 * negative (as after tanh, elu or selu; cpu and wasm agreed on relu outputs): off by 1.00 against
 * finite differences for the cnn's 2x2 stride-2 pool (test/trainers/pool-gradient.test.ts), and by
 * up to 279 against cpu for DARTS' 3x3 stride-1 pools.
 */
export function maxPool(x: tf.Tensor4D, shape: PoolShape): tf.Tensor4D {
  return windowTaps(x, shape, PAD_VALUE).reduce((a, b) => tf.maximum(a, b));
}

/** How many of the window's pixels lie inside an axis of `size` pixels, per output position. */
function insideCounts(size: number, { size: k, stride: s }: PoolShape): number[] {
  const out = Math.ceil(size / s);
  const [before] = samePadding(size, out, k, s);
  return Array.from({ length: out }, (_, o) => Math.min(o * s - before + k, size) - Math.max(o * s - before, 0));
}

/**
 * Average pooling of x [n, h, w, c] with TF 'same' padding, averaging only the pixels inside the
 * image (as tf.avgPool and DARTS' count_include_pad=False): the window's taps summed and divided by
 * the count. [n, ceil(h/s), ceil(w/s), c].
 * NOTE: not tf.avgPool: its gradient at a padded border is wrong on wasm and cpu alike, as if the
 * padding were counted (off by 0.075 for 3x3 stride-1 pools and by 0.70 for the cnn's 2x2 stride-2
 * pool of a 7x7 input, against finite differences).
 */
export function avgPool(x: tf.Tensor4D, shape: PoolShape): tf.Tensor4D {
  const [rows, columns] = [insideCounts(x.shape[1], shape), insideCounts(x.shape[2], shape)];
  const counts = rows.flatMap((r) => columns.map((c) => r * c));
  return tf.div(tf.addN(windowTaps(x, shape, 0)), tf.tensor4d(counts, [1, rows.length, columns.length, 1]));
}

/** Settings of a SlicePool2D layer. */
export interface SlicePoolConfig extends PoolShape {
  kind: 'max' | 'avg';
}

/** maxPool or avgPool as a weight-free layer: [n, h, w, c] to [n, ceil(h/s), ceil(w/s), c]. */
export class SlicePool2D extends tf.layers.Layer {
  static readonly className = 'BaytuneSlicePool2D';

  constructor(private readonly config: SlicePoolConfig) {
    super({});
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const s = this.config.stride;
    return [shape[0] ?? null, Math.ceil((shape[1] as number) / s), Math.ceil((shape[2] as number) / s), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() => (this.config.kind === 'max' ? maxPool(x, this.config) : avgPool(x, this.config)));
  }

  override getClassName(): string {
    return SlicePool2D.className;
  }
}

import type { KernelInitializer } from './initializers';
import { tf } from './tf';

/** Settings of a PatchConv2D layer ('same' padding, square kernel and stride; dilation 1 unless given). */
export interface PatchConvConfig {
  filters: number;
  kernelSize: number;
  strides: number;
  dilation?: number;
  useBias: boolean;
  kernelInitializer: KernelInitializer;
  inputShape?: number[];
}

type Weight = ReturnType<tf.layers.Layer['addWeight']>;

/**
 * A 2-D convolution with TF 'same' padding computed as im2col: the k*k shifted (and strided) slices
 * of the padded input are concatenated along channels, so one matMul with the kernel reshaped to
 * [k*k*cin, filters] gives the output. Same weights and results as tf.layers.conv2d.
 * NOTE: built from pad/slice/reshape/concat/matMul only, whose gradients are fast kernels: TF.js'
 * Conv2DBackpropFilter is absent on wasm and ~80x slower than the forward pass on cpu, which
 * made a CNN trial take minutes instead of seconds.
 */
export class PatchConv2D extends tf.layers.Layer {
  static readonly className = 'BaytunePatchConv2D';
  private kernel: Weight | undefined;
  private bias: Weight | undefined;

  constructor(private readonly config: PatchConvConfig) {
    super(config.inputShape ? { inputShape: config.inputShape } : {});
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { kernelSize: k, filters } = this.config;
    this.kernel = this.addWeight('kernel', [k, k, shape[3] as number, filters], 'float32', this.config.kernelInitializer);
    if (this.config.useBias) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const s = this.config.strides;
    return [shape[0] ?? null, Math.ceil((shape[1] as number) / s), Math.ceil((shape[2] as number) / s), this.config.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { kernelSize, strides, dilation } = this.config;
      const y = patchConvolve(x, (this.kernel as Weight).read() as tf.Tensor4D, { kernelSize, strides, dilation: dilation ?? 1 });
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getClassName(): string {
    return PatchConv2D.className;
  }
}

/**
 * [before, after] padding of one axis: TF's 'same' split of max((out-1)*s + k - in, 0), plus room at
 * the end so every shifted slice of out*s rows stays inside the padded input.
 */
export function samePadding(size: number, out: number, k: number, s: number): [number, number] {
  const total = Math.max((out - 1) * s + k - size, 0);
  const before = Math.floor(total / 2);
  return [before, Math.max(out * s + k - 1 - size - before, 0)];
}

/**
 * A 'same'-padded 2-D convolution of x [n, h, w, cin] with kernel [k, k, cin, cout] as im2col: the
 * k*k taps (spaced `dilation` apart, strided by `strides`) are concatenated along channels and one
 * matMul gives [n, ceil(h/s), ceil(w/s), cout]. Equal to tf.conv2d with the same settings.
 */
export function patchConvolve(x: tf.Tensor4D, kernel: tf.Tensor4D, shape: { kernelSize: number; strides: number; dilation: number }): tf.Tensor4D {
  const { kernelSize: k, strides: s, dilation: d } = shape;
  const [n, h, w, c] = x.shape;
  const [outH, outW] = [Math.ceil(h / s), Math.ceil(w / s)];
  const extent = d * (k - 1) + 1;
  const padded = tf.pad(x, [[0, 0], samePadding(h, outH, extent, s), samePadding(w, outW, extent, s), [0, 0]]);
  const columns: tf.Tensor4D[] = [];
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) columns.push(shifted(padded, i * d, j * d, [n, outH, outW, c], s));
  }
  const patches = tf.concat(columns, 3).reshape([n * outH * outW, k * k * c]);
  const cout = kernel.shape[3];
  return tf.matMul(patches, kernel.reshape([k * k * c, cout])).reshape([n, outH, outW, cout]);
}

/** The input seen by kernel (or pooling window) tap (i, j) of `padded`: rows i, i+s, ..., columns j, j+s, ...; shape `out`. */
export function shifted(padded: tf.Tensor4D, i: number, j: number, out: [number, number, number, number], s: number): tf.Tensor4D {
  const [n, outH, outW, c] = out;
  const window = tf.slice(padded, [0, i, j, 0], [n, outH * s, outW * s, c]);
  if (s === 1) return window;
  // NOTE: striding by reshape + slice, since TF.js has no gradient for stridedSlice.
  return tf.slice(window.reshape([n, outH, s, outW, s, c]), [0, 0, 0, 0, 0, 0], [n, outH, 1, outW, 1, c]).reshape([n, outH, outW, c]);
}

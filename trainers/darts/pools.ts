import { tf } from '../shared/tf';

/** Below any activation: the value 'same' padding gives the max pool's border. */
const PAD_VALUE = -1e30;

/** The 8 neighbours' slices of a 1-padded x [n, h, w, c], each [n, h, w, c]. */
function neighbours(padded: tf.Tensor4D, shape: [number, number, number, number]): tf.Tensor4D[] {
  const [n, h, w, c] = shape;
  const out: tf.Tensor4D[] = [];
  for (let i = 0; i < 3; i += 1) {
    for (let j = 0; j < 3; j += 1) if (i !== 1 || j !== 1) out.push(tf.slice(padded, [0, i, j, 0], [n, h, w, c]));
  }
  return out;
}

/**
 * 3x3 max pooling, stride 1, 'same' padding, as the elementwise maximum of the 9 shifted slices.
 * NOTE: not tf.maxPool: on wasm its gradient (MaxPoolGrad) disagreed with cpu's by up to 279 on a
 * 2x5x5x3 test input (and by 51 for 2x2 stride-2 pools), which broke the α-gradient check.
 */
export function maxPool3x3(x: tf.Tensor4D): tf.Tensor4D {
  const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], PAD_VALUE);
  return neighbours(padded, x.shape).reduce((a, b) => tf.maximum(a, b), x);
}

/**
 * 3x3 average pooling, stride 1, 'same' padding, averaging only the pixels inside the image (as
 * tf.avgPool and DARTS' count_include_pad=False): 9 shifted slices summed, divided by the count.
 * NOTE: not tf.avgPool: its gradient at the border is wrong on wasm and cpu alike (off by up to
 * 0.075 against finite differences on a 2x5x5x3 input), as if the padding were counted.
 */
export function avgPool3x3(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  const sum = tf.addN([x, ...neighbours(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), x.shape)]);
  const count = (i: number, size: number): number => 3 - (i === 0 ? 1 : 0) - (i === size - 1 ? 1 : 0);
  const counts = Array.from({ length: h * w }, (_, p) => count(Math.floor(p / w), h) * count(p % w, w));
  return tf.div(sum, tf.tensor4d(counts, [1, h, w, 1]));
}

/** A stride-1 3x3 pool (max or average) as a layer, for the retrained network. */
export class Pool3x3 extends tf.layers.Layer {
  static readonly className = 'BaytunePool3x3';

  constructor(private readonly kind: 'max' | 'avg') {
    super({});
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() => (this.kind === 'max' ? maxPool3x3(x) : avgPool3x3(x)));
  }

  override getClassName(): string {
    return Pool3x3.className;
  }
}

import { poolingLayer } from '../../trainers/cnn';
import { ensureBackend, type BackendName } from '../../trainers/shared/backend';
import { SlicePool2D } from '../../trainers/shared/pools';
import { tf } from '../../trainers/shared/tf';

type Shape4 = [number, number, number, number];

/**
 * Distinct inputs 0.05 apart in a scrambled order (so no finite-difference step crosses a tie),
 * of mixed sign, or all negative (as tanh, elu or selu outputs can be) when `negative`.
 */
function scrambled(shape: Shape4, negative: boolean): number[] {
  const size = shape.reduce((a, b) => a * b);
  return Array.from({ length: size }, (_, i) => ((i * 37) % size) * 0.05 - size * (negative ? 0.05 : 0.025));
}

/**
 * The largest gap between the layer's input gradient of Σ layer(x) · upstream (fixed, non-uniform)
 * and central differences (step 1e-2), all entries of x [1, side, side, c] perturbed in one batch.
 * The differences are taken of the layer's outputs, before the sum, so float32 rounding of the
 * sum does not swamp them.
 */
async function gradientError(layer: tf.layers.Layer, shape: Shape4, stride: number, negative = false): Promise<number> {
  const size = shape.reduce((a, b) => a * b);
  const out = [1, Math.ceil(shape[1] / stride), Math.ceil(shape[2] / stride), shape[3]];
  const h = 1e-2;
  const [analytic, numeric] = tf.tidy(() => {
    const x = tf.tensor4d(scrambled(shape, negative), shape);
    const upstream = tf.tensor(Array.from({ length: out.reduce((a, b) => a * b) }, (_, i) => Math.cos(i * 0.9)), out);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(layer.apply(v) as tf.Tensor, upstream)))(x).reshape([size]);
    const steps = tf.mul(tf.eye(size), h).reshape([size, ...shape.slice(1)]);
    const change = tf.sub(layer.apply(tf.add(x, steps)) as tf.Tensor, layer.apply(tf.sub(x, steps)) as tf.Tensor);
    return [grad, tf.div(tf.sum(tf.mul(change, upstream), [1, 2, 3]), 2 * h)];
  });
  const worst = (await tf.max(tf.abs(tf.sub(analytic, numeric))).data())[0] as number;
  tf.dispose([analytic, numeric]);
  return worst;
}

const logger = { info: () => undefined, warn: () => undefined };

describe.each(['wasm', 'cpu'] as BackendName[])('pooling gradients on %s', (backend) => {
  let unavailable: string | null = null;
  beforeAll(async () => {
    await ensureBackend(`pool-gradient-${backend}`, async () => undefined, logger, backend).catch((error: Error) => {
      unavailable = error.message;
    });
  });

  function skipped(): boolean {
    if (unavailable) console.warn(`${backend} backend cannot initialise, so its case is skipped: ${unavailable}`);
    return unavailable !== null;
  }

  // NOTE: the cnn's pools halve 14x14 (downsample 2), 7x7 (stride-2 conv or downsample 4) and 4x4
  // maps, after the activation. With tf.layers' pooling (before SlicePool2D), on wasm the max pool was
  // off by 1.00 where a whole window is negative (side 14) and by 0.999 on a mixed-sign side-7 map,
  // and the avg pool by 0.70 at side 7's padded border on wasm and cpu alike; cpu's max pool was right.
  it.each([
    ['max', 7, false],
    ['max', 14, true],
    ['max', 4, true],
    ['avg', 7, false],
    ['avg', 4, false],
  ] as const)("the cnn's %s pool (2x2, stride 2, same) of a side-%i map (all negative: %s) matches finite differences", async (kind, side, negative) => {
    if (skipped()) return;
    expect(await gradientError(poolingLayer(kind), [1, side, side, 2], 2, negative)).toBeLessThan(1e-3);
  });

  it.each([
    ['max', 5],
    ['avg', 5],
  ] as const)("DARTS' %s pool (3x3, stride 1, same) of a side-%i map matches finite differences", async (kind, side) => {
    if (skipped()) return;
    expect(await gradientError(new SlicePool2D({ kind, size: 3, stride: 1 }), [1, side, side, 2], 1)).toBeLessThan(1e-3);
  });

  it.each([
    [2, 2],
    [3, 1],
  ])('a tied max-pool window (size %i, stride %i) passes its gradient to one pixel only', async (size, stride) => {
    if (skipped()) return;
    // A uniform map, as a bias under MNIST's blank background gives: every window is one big tie.
    const x = tf.fill([1, 6, 6, 2], 0.3) as tf.Tensor4D;
    const grad = tf.grad((v: tf.Tensor) => tf.sum(new SlicePool2D({ kind: 'max', size, stride }).apply(v) as tf.Tensor))(x);
    expect((await tf.sum(grad).data())[0]).toBeCloseTo(2 * Math.ceil(6 / stride) ** 2, 5);
    expect((await tf.max(grad).data())[0]).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['max', 2, 2, 7],
    ['avg', 2, 2, 7],
    ['max', 3, 1, 5],
    ['avg', 3, 1, 5],
    ['avg', 3, 2, 6],
  ] as const)('the %s pool (size %i, stride %i) equals tf.layers pooling forward on a side-%i map', async (kind, size, stride, side) => {
    if (skipped()) return;
    const x = tf.randomNormal([2, side, side, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const ours = new SlicePool2D({ kind, size, stride });
    const config = { poolSize: size, strides: stride, padding: 'same' as const };
    const reference = (kind === 'max' ? tf.layers.maxPooling2d(config) : tf.layers.averagePooling2d(config)).apply(x) as tf.Tensor;
    const result = ours.apply(x) as tf.Tensor;
    expect(result.shape).toEqual(reference.shape);
    expect(ours.computeOutputShape(x.shape)).toEqual(reference.shape);
    expect((await tf.max(tf.abs(tf.sub(result, reference))).data())[0]).toBeLessThan(1e-6);
  });
});

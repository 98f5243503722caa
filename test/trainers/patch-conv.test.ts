import { PatchConv2D, samePadding } from '../../trainers/shared/patch-conv';
import { tf } from '../../trainers/shared/tf';

describe('PatchConv2D (im2col convolution)', () => {
  it.each([
    [3, 1, 7],
    [5, 2, 7],
    [3, 2, 8],
    [5, 1, 4],
  ])('equals tf.conv2d with same padding for kernel %i, stride %i, side %i', async (k, s, side) => {
    const x = tf.randomNormal([2, side, side, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    const layer = new PatchConv2D({ filters: 4, kernelSize: k, strides: s, useBias: true, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) });
    const ours = layer.apply(x) as tf.Tensor;
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const reference = tf.add(tf.conv2d(x, kernel, s, 'same'), bias);
    expect(ours.shape).toEqual(reference.shape);
    expect(ours.shape).toEqual(layer.computeOutputShape([2, side, side, 3]));
    const diff = (await tf.max(tf.abs(tf.sub(ours, reference))).data())[0] as number;
    expect(diff).toBeLessThan(1e-5);
  });

  it('has the same kernel gradient as tf.conv2d', async () => {
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const layer = new PatchConv2D({ filters: 3, kernelSize: 3, strides: 2, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }) });
    layer.apply(x);
    const kernel = layer.getWeights()[0] as tf.Tensor4D;
    const viaConv = tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, 2, 'same').square().sum())(kernel);
    const viaPatches = tf.variableGrads(() => (layer.apply(x) as tf.Tensor).square().sum() as tf.Scalar).grads;
    const ours = Object.values(viaPatches)[0] as tf.Tensor;
    const diff = (await tf.max(tf.abs(tf.sub(ours, viaConv))).data())[0] as number;
    expect(diff).toBeLessThan(1e-4);
  });

  it('equals tf.conv2d with dilation 2 (the DARTS dilated 3x3 convolution)', async () => {
    const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 12) as tf.Tensor4D;
    const layer = new PatchConv2D({ filters: 4, kernelSize: 3, strides: 1, dilation: 2, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) });
    const ours = layer.apply(x) as tf.Tensor;
    const reference = tf.conv2d(x, layer.getWeights()[0] as tf.Tensor4D, 1, 'same', 'NHWC', 2);
    expect(ours.shape).toEqual(reference.shape);
    expect((await tf.max(tf.abs(tf.sub(ours, reference))).data())[0]).toBeLessThan(1e-5);
  });

  it('splits TF same padding and leaves room for the last shifted slice', () => {
    expect(samePadding(7, 4, 5, 2)).toEqual([2, 3]);
    expect(samePadding(8, 8, 3, 1)).toEqual([1, 1]);
  });
});

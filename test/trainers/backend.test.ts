import { ensureBackend } from '../../trainers/shared/backend';
import { tf } from '../../trainers/shared/tf';

/** Trains one step of a tiny model using tf.conv2d, whose gradient kernel wasm lacks. */
async function convProbe(): Promise<void> {
  const w = tf.variable(tf.ones([3, 3, 1, 2]));
  tf.train.sgd(0.1).minimize(() => tf.conv2d(tf.ones([1, 5, 5, 1]) as tf.Tensor4D, w as tf.Variable<tf.Rank.R4>, 1, 'same').sum() as tf.Scalar);
  w.dispose();
}

async function denseProbe(): Promise<void> {
  const w = tf.variable(tf.ones([4, 2]));
  tf.train.sgd(0.1).minimize(() => tf.matMul(tf.ones([3, 4]), w).relu().sum() as tf.Scalar);
  w.dispose();
}

/** tfjs-node is an optional dependency that fails to install on machines without libtensorflow. */
function nativeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

const describeWithoutNative = nativeInstalled() ? describe.skip : describe;

describeWithoutNative('backend selection (tfjs-node absent, as here)', () => {
  const logs: string[] = [];
  const logger = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) };
  it('takes wasm when all kernels of the model exist there, after tensorflow is found missing', async () => {
    expect(await ensureBackend('dense-model', denseProbe, logger)).toBe('wasm');
    expect(logs.pop()).toMatch(/^TF.js backend: wasm \(skipped tensorflow: not installed\)$/);
  });

  it('falls back to cpu when a kernel the model needs is missing on wasm, saying which', async () => {
    expect(await ensureBackend('conv-model', convProbe, logger)).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(logs.pop()).toMatch(/TF.js backend: cpu \(skipped .*wasm: Kernel 'Conv2DBackpropFilter' not registered/);
  });

  it('honours a forced backend and refuses an unknown or unusable one', async () => {
    expect(await ensureBackend('forced-cpu', denseProbe, logger, 'cpu')).toBe('cpu');
    expect(logs.pop()).toBe('TF.js backend: cpu (forced)');
    await expect(ensureBackend('forced-wasm-conv', convProbe, logger, 'wasm')).rejects.toThrow(/no usable TF.js backend: wasm: Kernel 'Conv2DBackpropFilter'/);
    await expect(ensureBackend('forced-gpu', denseProbe, logger, 'gpu' as 'cpu')).rejects.toThrow(/backend "gpu" is not a backend; use one of auto, tensorflow, wasm, cpu/);
  });
});

import type { Params, SearchSpace } from '../../src/domain/space';
import type { Trainer, TrainerOptions } from '../../src/trainer/trainer';
import { recipeTrainer } from '../shared/bundled';
import { checkMnistOptions, loadMnist, type ImageSet, type MnistOptions } from '../shared/data/mnist';
import type { InitPlan } from '../shared/initializers';
import { denseLayersSpace, LayerStack, readDenseUnits, readStyle, styleSpace, type BlockStyle } from '../shared/layers';
import { choiceParam, countsFrom, numberParam } from '../shared/params';
import { PatchConv2D } from '../shared/patch-conv';
import { SlicePool2D } from '../shared/pools';
import type { SeededRandom } from '../shared/random';
import { classificationScorer } from '../shared/scorers';
import { intSetting } from '../shared/settings';
import { tf } from '../shared/tf';
import { trainingSpace } from '../shared/training-space';

const POOLING = ['none', 'max', 'avg'] as const;
const MAX_CONV = 3;

/** Conv layer count plus per-layer filters, kernel size, stride and pooling (layer k active when n_conv >= k). */
function convSpace(): SearchSpace {
  const space: SearchSpace = { n_conv: { type: 'int', low: 1, high: MAX_CONV } };
  for (let k = 1; k <= MAX_CONV; k += 1) {
    const condition = k > 1 ? { condition: { parent: 'n_conv', values: countsFrom(k, MAX_CONV) } } : {};
    space[`filters_${k}`] = { type: 'int', low: 4, high: 16, log: true, ...condition };
    space[`kernel_${k}`] = { type: 'categorical', choices: [3, 5], ...condition };
    space[`stride_${k}`] = { type: 'int', low: 1, high: 2, ...condition };
    space[`pool_${k}`] = { type: 'categorical', choices: [...POOLING], ...condition };
  }
  return space;
}

function addConv(stack: LayerStack, params: Params, k: number, style: BlockStyle, inputShape?: number[]): void {
  stack.add(new PatchConv2D({
    filters: numberParam(params, `filters_${k}`),
    kernelSize: numberParam(params, `kernel_${k}`),
    strides: numberParam(params, `stride_${k}`),
    useBias: !style.batchNorm,
    kernelInitializer: stack.nextInitializer(),
    ...(inputShape ? { inputShape } : {}),
  }));
  // NOTE: conv blocks get batch norm and activation but no dropout; dropout goes to dense layers only.
  stack.finishBlock({ ...style, dropout: 0 });
  const pool = choiceParam(params, `pool_${k}`, POOLING);
  if (pool !== 'none') stack.add(poolingLayer(pool));
}

/**
 * The pooling layer after a conv block: 2x2 windows, stride 2, 'same' padding, so a side halves
 * (rounded up). Built from slices (SlicePool2D), since tf.layers' pooling gradients are wrong: max
 * pooling's on wasm where a window is all negative, avg pooling's at a padded border on every backend.
 */
export function poolingLayer(kind: 'max' | 'avg'): tf.layers.Layer {
  return new SlicePool2D({ kind, size: 2, stride: 2 });
}

function build(side: number, params: Params, plan: InitPlan, rng: SeededRandom): tf.LayersModel {
  const stack = new LayerStack(plan, rng);
  const style = readStyle(params);
  for (let k = 1; k <= numberParam(params, 'n_conv'); k += 1) addConv(stack, params, k, style, k === 1 ? [side, side, 1] : undefined);
  stack.add(tf.layers.flatten());
  for (const units of readDenseUnits(params, 'n_dense', 'dense_units')) stack.addDense(units, style);
  stack.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: stack.nextInitializer() }));
  return stack.model;
}

function imagesToTensors(set: ImageSet): { xTrain: tf.Tensor; yTrain: tf.Tensor; xValidation: tf.Tensor; yValidation: tf.Tensor } {
  const shape = (n: number): [number, number, number, number] => [n, set.side, set.side, 1];
  return {
    xTrain: tf.tensor4d(set.train.pixels, shape(set.train.labels.length)),
    yTrain: tf.oneHot(tf.tensor1d(set.train.labels, 'int32'), 10).toFloat(),
    xValidation: tf.tensor4d(set.validation.pixels, shape(set.validation.labels.length)),
    yValidation: tf.oneHot(tf.tensor1d(set.validation.labels, 'int32'), 10).toFloat(),
  };
}

const PROBE_BASE: Params = { n_conv: 1, filters_1: 4, kernel_1: 3, stride_1: 1, n_dense: 1, dense_units_1: 4, dropout: 0.1, batch_norm: true };

/**
 * A convolutional MNIST classifier: 1-3 conv layers (filters, kernel, stride, pooling per layer),
 * 0-2 dense layers, style and training knobs. Objective: validation cross-entropy; metric val_accuracy.
 */
export function createCnnTrainer(options: MnistOptions, backend?: TrainerOptions['backend']): Trainer {
  checkMnistOptions(options);
  let cached: ImageSet | undefined;
  const images = (): ImageSet => (cached ??= loadMnist(options));
  return recipeTrainer({
    name: 'cnn',
    description: `Conv net on MNIST (${options.trainPerDigit}+${options.validationPerDigit} images per digit, downsampled x${options.downsample}); minimises validation cross-entropy.`,
    space: { ...convSpace(), ...denseLayersSpace('n_dense', 'dense_units', 0, 2, 8, 128), ...styleSpace(0.5), ...trainingSpace(4, [16, 32, 64, 128]) },
    loss: 'categoricalCrossentropy',
    tensors: () => imagesToTensors(images()),
    build: (params, plan, rng) => build(images().side, params, plan, rng),
    score: classificationScorer,
    probeParams: POOLING.map((pool, i) => ({ ...PROBE_BASE, pool_1: pool, activation: ['relu', 'tanh', 'elu'][i] as string })).concat(
      ['selu', 'sigmoid'].map((activation) => ({ ...PROBE_BASE, pool_1: 'none', activation, stride_1: 2 })),
    ),
  }, backend);
}

/**
 * The trainer module's factory (loadTrainer): per digit `train_per_digit` (default 100) training
 * and `validation_per_digit` (default 50) validation images, downsampled by `downsample` (1, 2 or
 * 4; default 2, so 14x14): a trial takes seconds on one CPU core.
 */
export function createTrainer(options: TrainerOptions): Trainer {
  return createCnnTrainer({
    trainPerDigit: intSetting(options, 'cnn', 'train_per_digit', 100),
    validationPerDigit: intSetting(options, 'cnn', 'validation_per_digit', 50),
    downsample: intSetting(options, 'cnn', 'downsample', 2) as MnistOptions['downsample'],
  }, options.backend);
}

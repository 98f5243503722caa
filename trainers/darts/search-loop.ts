import { createOptimizer } from '../shared/optimizers';
import { SeededRandom } from '../shared/random';
import { tf } from '../shared/tf';
import { alphaGradient, secondOrderAlphaGradient, supernetLoss, type LabelledImages, type SearchSettings } from './search';
import type { Supernet } from './supernet';
import type { TrainContext } from './trainer-api';

/** How a search ended: the last epoch's supernet scores on the architecture split, and whether a report pruned it. */
export interface SearchOutcome {
  epochsRun: number;
  pruned: boolean;
  /** Cross-entropy and accuracy of the supernet on the architecture split after the last epoch. */
  loss: number;
  accuracy: number;
}

/** NOTE: DARTS clips the weight gradient's global norm at 5; the same guard keeps high weight rates from diverging here. */
const GRADIENT_CLIP = 5;

function batchOf(data: LabelledImages, rows: number[]): LabelledImages {
  const indices = tf.tensor1d(rows, 'int32');
  const batch = { x: tf.gather(data.x, indices) as tf.Tensor4D, y: tf.gather(data.y, indices) as tf.Tensor2D };
  indices.dispose();
  return batch;
}

function weightStep(net: Supernet, optimizer: tf.Optimizer, batch: LabelledImages, weightDecay: number): void {
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
    const decay = tf.mul(tf.addN(net.kernels().map((k) => tf.sum(tf.square(k)))), weightDecay / 2);
    return tf.add(supernetLoss(net, batch), decay) as tf.Scalar;
  }), net.weights);
  const norm = Math.sqrt(tf.tidy(() => tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0] as number));
  const scale = norm > GRADIENT_CLIP ? GRADIENT_CLIP / norm : 1;
  const clipped = tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)])));
  optimizer.applyGradients(clipped);
  tf.dispose([value, ...Object.values(grads), ...Object.values(clipped)]);
}

function archStep(net: Supernet, optimizer: tf.Optimizer, train: LabelledImages, validation: LabelledImages, settings: SearchSettings): void {
  const gradient = settings.order === 'second' ? secondOrderAlphaGradient(net, train, validation, settings.weightLearningRate) : alphaGradient(net, validation);
  optimizer.applyGradients({ [net.alpha.name]: gradient });
  gradient.dispose();
}

/** Cross-entropy and accuracy of the supernet on a whole split (batch statistics of that split). */
export async function evaluateSupernet(net: Supernet, data: LabelledImages): Promise<{ loss: number; accuracy: number }> {
  const [lossT, accT] = tf.tidy(() => {
    const logits = net.logits(data.x);
    return [tf.losses.softmaxCrossEntropy(data.y, logits), tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(data.y, -1)), 'float32'))];
  });
  const [loss, accuracy] = [(await lossT.data())[0] as number, (await accT.data())[0] as number];
  tf.dispose([lossT, accT]);
  return { loss, accuracy };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function searchEpoch(net: Supernet, optimizers: { weights: tf.Optimizer; arch: tf.Optimizer }, train: LabelledImages, arch: LabelledImages, settings: SearchSettings, rng: SeededRandom, signal: AbortSignal): Promise<void> {
  const [trainOrder, archOrder] = [rng.permutation(train.x.shape[0]), rng.permutation(arch.x.shape[0])];
  for (let start = 0; start < trainOrder.length; start += settings.batchSize) {
    if (signal.aborted) throw new Error('training interrupted');
    const trainBatch = batchOf(train, trainOrder.slice(start, start + settings.batchSize));
    const archRows = Array.from({ length: Math.min(settings.batchSize, archOrder.length) }, (_, i) => archOrder[(start + i) % archOrder.length] as number);
    const archBatch = batchOf(arch, archRows);
    archStep(net, optimizers.arch, trainBatch, archBatch, settings);
    weightStep(net, optimizers.weights, trainBatch, settings.weightDecay);
    tf.dispose([trainBatch.x, trainBatch.y, archBatch.x, archBatch.y]);
    await yieldToEventLoop();
  }
}

/**
 * Bilevel DARTS search: every batch first steps α on a batch of the architecture split (first- or
 * second-order gradient, Adam), then the weights on a batch of the training split (the chosen
 * optimizer, L2 weight decay, clipped gradient). Batch order is drawn from context.seed. After each
 * epoch the supernet's architecture-split cross-entropy is reported (step = epoch, with
 * `val_accuracy`); a true answer stops the search (pruned).
 */
export async function searchArchitecture(net: Supernet, train: LabelledImages, arch: LabelledImages, settings: SearchSettings, context: TrainContext): Promise<SearchOutcome> {
  const optimizers = { weights: createOptimizer(settings.weightOptimizer, settings.weightLearningRate), arch: tf.train.adam(settings.archLearningRate, 0.5, 0.999) };
  const rng = new SeededRandom(context.seed ^ 0xda575);
  let outcome: SearchOutcome = { epochsRun: 0, pruned: false, loss: Number.NaN, accuracy: Number.NaN };
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch += 1) {
      await searchEpoch(net, optimizers, train, arch, settings, rng, context.signal);
      const { loss, accuracy } = await evaluateSupernet(net, arch);
      if (!Number.isFinite(loss)) throw new Error(`search diverged: supernet loss is ${loss} after epoch ${epoch}`);
      outcome = { epochsRun: epoch, pruned: false, loss, accuracy };
      if (await context.report(epoch, { value: loss, val_accuracy: accuracy })) return { ...outcome, pruned: true };
    }
    return outcome;
  } finally {
    optimizers.weights.dispose();
    optimizers.arch.dispose();
  }
}

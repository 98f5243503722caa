import type { TrainContext } from '../../src/trainer/trainer';
import { createOptimizer, setLearningRate } from './optimizers';
import { SeededRandom } from './random';
import { learningRateAt, scheduleUnit } from './schedules';
import { tf } from './tf';
import type { TrainingConfig } from './training-space';

/** Training and validation tensors: x is [n, ...features], y is one-hot [n, k] or targets [n, 1]. */
export interface FitData {
  xTrain: tf.Tensor;
  yTrain: tf.Tensor;
  xValidation: tf.Tensor;
  yValidation: tf.Tensor;
}

/** Turns the model's validation outputs into the objective (lower is better) and metrics. */
export type Scorer = (model: tf.LayersModel, data: FitData) => Promise<{ value: number } & Record<string, number>>;

/** How a fit ended: the last epoch's score, epochs run and whether the pruner stopped it. */
export interface FitOutcome {
  value: number;
  metrics: Record<string, number>;
  epochsRun: number;
  pruned: boolean;
}

/**
 * NOTE: on cpu and wasm a batch's promise settles as a microtask, so an epoch loop would never let
 * timers and signals run: heartbeats would starve and Ctrl-C would wait for the whole trial.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('training interrupted');
}

async function trainEpoch(model: tf.LayersModel, optimizer: tf.Optimizer, data: FitData, config: TrainingConfig, state: { epoch: number; batch: number; rng: SeededRandom; signal: AbortSignal }): Promise<number> {
  const n = data.xTrain.shape[0];
  const order = state.rng.permutation(n);
  let lossSum = 0;
  for (let start = 0; start < n; start += config.batchSize) {
    throwIfAborted(state.signal);
    const t = scheduleUnit(config.schedule) === 'batch' ? state.batch : state.epoch;
    setLearningRate(optimizer, learningRateAt(config.schedule, t));
    const indices = tf.tensor1d(order.slice(start, start + config.batchSize), 'int32');
    const [xb, yb] = [tf.gather(data.xTrain, indices), tf.gather(data.yTrain, indices)];
    const loss = await model.trainOnBatch(xb, yb);
    tf.dispose([indices, xb, yb]);
    lossSum += Array.isArray(loss) ? (loss[0] as number) : loss;
    state.batch += 1;
    await yieldToEventLoop();
  }
  return lossSum / Math.ceil(n / config.batchSize);
}

async function epochs(model: tf.LayersModel, optimizer: tf.Optimizer, data: FitData, config: TrainingConfig, score: Scorer, context: TrainContext): Promise<FitOutcome> {
  const state = { epoch: 0, batch: 0, rng: new SeededRandom(context.seed ^ 0x5eed), signal: context.signal };
  let outcome: FitOutcome = { value: Number.NaN, metrics: {}, epochsRun: 0, pruned: false };
  for (let epoch = 0; epoch < config.epochs; epoch += 1) {
    state.epoch = epoch;
    const trainLoss = await trainEpoch(model, optimizer, data, config, state);
    const { value, ...metrics } = await score(model, data);
    if (!Number.isFinite(value)) throw new Error(`training diverged: validation objective is ${value} after epoch ${epoch + 1}`);
    const rateNow = learningRateAt(config.schedule, scheduleUnit(config.schedule) === 'batch' ? state.batch - 1 : epoch);
    const all = { ...metrics, train_loss: trainLoss, learning_rate: rateNow };
    outcome = { value, metrics: all, epochsRun: epoch + 1, pruned: false };
    throwIfAborted(context.signal);
    if (await context.report(epoch + 1, { value, ...all })) {
      context.logger.info(`trial ${context.trialNumber}: pruned after epoch ${epoch + 1} (value ${value.toPrecision(4)})`);
      return { ...outcome, pruned: true };
    }
  }
  return outcome;
}

/**
 * Trains `model` (already built with seeded initialisers) for `config.epochs` epochs in shuffled
 * mini-batches (order drawn from context.seed), setting the scheduled learning rate before every
 * batch, then scores it on the validation data and reports (step = epoch, from 1). Stops early
 * when the report answers true. Throws when the validation objective is not finite (diverged).
 */
export async function fitWithReports(model: tf.LayersModel, data: FitData, config: TrainingConfig, loss: string, score: Scorer, context: TrainContext): Promise<FitOutcome> {
  const optimizer = createOptimizer(config.optimizer, learningRateAt(config.schedule, 0));
  model.compile({ optimizer, loss });
  try {
    return await epochs(model, optimizer, data, config, score, context);
  } finally {
    optimizer.dispose();
  }
}

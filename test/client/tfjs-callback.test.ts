import * as tf from '@tensorflow/tfjs';
import type { ApiStudy } from '../../src/api/types';
import type { StudyClient } from '../../src/client/study-client';
import { baytuneCallback, openStudies } from '../../src/index';

const EPOCHS = 6;

/** y = 3x - 1 on 64 points in [-1, 1]; a 1-unit dense model with zero initial weights. */
function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xs = Array.from({ length: 64 }, (_, i) => -1 + (2 * i) / 63);
  return { x: tf.tensor2d(xs, [64, 1]), y: tf.tensor2d(xs.map((v) => 3 * v - 1), [64, 1]) };
}

function model(learningRate: number): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros', biasInitializer: 'zeros' }));
  m.compile({ optimizer: tf.train.sgd(learningRate), loss: 'meanSquaredError' });
  return m;
}

/** Queues `lr`, asks for it and trains with the callback; returns the fit history and the told trial. */
async function trainTrial(client: StudyClient, study: ApiStudy, lr: number) {
  await client.addTrial(study.id, { params: { lr } });
  const [trial] = await client.ask(study.id, { count: 1 });
  const callback = baytuneCallback(client, study.id, trial!, { metric: 'val_loss' });
  const { x, y } = data();
  const history = await model(trial!.params.lr as number).fit(x, y, { epochs: EPOCHS, batchSize: 16, validationSplit: 0.25, shuffle: false, callbacks: [callback] });
  tf.dispose([x, y]);
  return { history, told: callback.told! };
}

describe('baytuneCallback with real TF.js training', () => {
  let client: StudyClient;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    client = await openStudies({ storage: 'memory' });
  });
  afterAll(async () => {
    await client.close();
  });

  it('reports val_loss every epoch and tells the last one', async () => {
    const study = await client.createStudy({ name: 'tfjs-tell', space: { lr: { type: 'float', low: 1e-6, high: 1, log: true } } });
    const { history, told } = await trainTrial(client, study, 0.1);
    const valLoss = history.history.val_loss as number[];
    expect(told.fail_reason).toBeNull();
    expect(told.state).toBe('COMPLETE');
    expect(told.value).toBe(valLoss[EPOCHS - 1]);
    expect(told.intermediate_values.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(told.intermediate_values.map((p) => p.value)).toEqual(valLoss);
    expect(valLoss[EPOCHS - 1]!).toBeLessThan(valLoss[0]!);
  });

  it('stops training and tells PRUNED when the pruner says so', async () => {
    const pruner = { type: 'median', n_startup_trials: 2, n_warmup_steps: 1 };
    const study = await client.createStudy({ name: 'tfjs-prune', space: { lr: { type: 'float', low: 1e-6, high: 1, log: true } }, pruner });
    await trainTrial(client, study, 0.1);
    await trainTrial(client, study, 0.2);
    const { history, told } = await trainTrial(client, study, 1e-6);
    expect(told.state).toBe('PRUNED');
    expect(history.epoch.length).toBeLessThan(EPOCHS);
    expect(told.intermediate_values).toHaveLength(history.epoch.length);
  });

  it('refuses a metric direction that contradicts the study before training', async () => {
    const study = await client.createStudy({ name: 'tfjs-direction', direction: 'maximize', space: { lr: { type: 'float', low: 1e-6, high: 1, log: true } } });
    const [trial] = await client.ask(study.id, { count: 1 });
    const callback = baytuneCallback(client, study.id, trial!, { metric: 'val_loss', direction: 'minimize' });
    const { x, y } = data();
    await expect(model(0.1).fit(x, y, { epochs: 2, validationSplit: 0.25, callbacks: [callback] })).rejects.toThrow('study "tfjs-direction" is set to maximize');
    expect((await callback.fail(new Error('misconfigured metric'))).state).toBe('FAIL');
    tf.dispose([x, y]);
  });
});

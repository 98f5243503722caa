import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMlpTrainer } from '../../trainers/mlp';
import { activeBackend } from '../../trainers/shared/backend';
import { createInitializer, INITIALIZERS } from '../../trainers/shared/initializers';
import { createOptimizer, learningRateOf, OPTIMIZER_KINDS, setLearningRate, type OptimizerSpec } from '../../trainers/shared/optimizers';
import { tf } from '../../trainers/shared/tf';
import { findBestWeights, loadWeights } from '../../trainers/shared/weights';
import { tempStudyDir, testContext } from './context';

const base = { n_layers: 1, units_1: 8, activation: 'tanh', dropout: 0.2, batch_norm: false, optimizer: 'sgd', learning_rate: 0.05, batch_size: 16, epochs: 2, lr_schedule: 'fixed', init: 'glorot' };
const mlp = createMlpTrainer({ dataset: 'iris', backend: 'cpu' });

// Every trial in this file runs on the forced cpu backend, where runs must be reproducible.
beforeAll(() => tf.setBackend('cpu'));

describe('optimizers', () => {
  const specs: Record<(typeof OPTIMIZER_KINDS)[number], OptimizerSpec> = {
    sgd: { kind: 'sgd' },
    momentum: { kind: 'momentum', momentum: 0.9 },
    adam: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
    rmsprop: { kind: 'rmsprop', decay: 0.9 },
  };

  it.each(OPTIMIZER_KINDS)('%s takes a new learning rate that scales its next update', (kind) => {
    const step = (lr: number): number => {
      const w = tf.variable(tf.scalar(1));
      const optimizer = createOptimizer(specs[kind], 1);
      setLearningRate(optimizer, lr);
      expect(learningRateOf(optimizer)).toBe(lr);
      optimizer.minimize(() => tf.square(w) as tf.Scalar);
      const moved = 1 - (w.dataSync()[0] as number);
      w.dispose();
      optimizer.dispose();
      return moved;
    };
    expect(step(0.02)).toBeCloseTo(2 * step(0.01), 6);
  });

  it.each(OPTIMIZER_KINDS)('%s trains the mlp with every schedule', async (optimizer) => {
    const hyper = { momentum: { momentum: 0.9 }, adam: { adam_beta1: 0.9, adam_beta2: 0.99 }, rmsprop: { rmsprop_decay: 0.9 }, sgd: {} }[optimizer];
    const schedules = [{ lr_schedule: 'fixed' }, { lr_schedule: 'exponential', lr_decay_rate: 0.5 }, { lr_schedule: 'step', lr_step_drop: 0.5, lr_step_interval: 1 }, { lr_schedule: 'cyclic', lr_cyclic_high_factor: 4, lr_cyclic_epochs: 1 }];
    const schedule = schedules[OPTIMIZER_KINDS.indexOf(optimizer)] as Record<string, unknown>;
    const ctx = testContext(tempStudyDir(`opt-${optimizer}`), 0);
    const result = await mlp.train({ ...base, ...schedule, optimizer, ...hyper } as never, ctx);
    expect(Number.isFinite(result.value)).toBe(true);
    expect(ctx.reports).toHaveLength(2);
  });

  it('applies the scheduled rate: step decay halves the reported rate each epoch', async () => {
    const ctx = testContext(tempStudyDir('sched'), 0);
    const result = await mlp.train({ ...base, epochs: 3, lr_schedule: 'step', lr_step_drop: 0.5, lr_step_interval: 1 }, ctx);
    expect(result.metrics?.learning_rate).toBeCloseTo(0.05 * 0.25, 12);
  });
});

describe('initialisers', () => {
  it.each(INITIALIZERS)('%s draws kernels with its own spread, reproducibly from the seed', (name) => {
    const draw = (seed: number): Float32Array => createInitializer(name, seed).apply([200, 100]).dataSync() as Float32Array;
    const values = draw(1);
    const sd = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    const expected = { random_uniform: 0.05 / Math.sqrt(3), random_normal: 0.05, glorot: Math.sqrt(2 / 300), he: Math.sqrt(2 / 200) }[name];
    expect(sd).toBeGreaterThan(expected * 0.85);
    expect(sd).toBeLessThan(expected * 1.15);
    expect(draw(1)).toEqual(values);
    expect(draw(2)).not.toEqual(values);
  });

  it('layer-wise initialisation gives the first layer and the rest different initialisers', async () => {
    const ctx = testContext(tempStudyDir('layerwise'), 0);
    const result = await mlp.train({ ...base, n_layers: 2, units_2: 8, epochs: 1, init: 'layerwise', init_first: 'he', init_rest: 'random_uniform' }, ctx);
    expect(Number.isFinite(result.value)).toBe(true);
  });
});

describe('training is reproducible and pretrained weights really load', () => {
  it('same seed, same curve; another seed, another curve (cpu backend)', async () => {
    const run = async (seed: number) => {
      const ctx = testContext(tempStudyDir('repro'), 0, { seed });
      await mlp.train(base, ctx);
      return ctx.reports.map((r) => r.value);
    };
    const first = await run(5);
    expect(activeBackend()).toBe('cpu');
    expect(await run(5)).toEqual(first);
    expect(await run(6)).not.toEqual(first);
  });

  it('starts from the best earlier trial of the same architecture, with equal weights', async () => {
    const studyDir = tempStudyDir('pretrained');
    await mlp.train(base, testContext(studyDir, 0, { seed: 1 }));
    await mlp.train({ ...base, learning_rate: 0.1 }, testContext(studyDir, 1, { seed: 2 }));
    await mlp.train({ ...base, units_1: 4 }, testContext(studyDir, 2, { seed: 3 }));
    const metas = [0, 1].map((n) => JSON.parse(fs.readFileSync(path.join(studyDir, String(n), 'weights.json'), 'utf8')) as { loss: number });
    const bestNumber = (metas[0] as { loss: number }).loss <= (metas[1] as { loss: number }).loss ? 0 : 1;
    const ctx = testContext(studyDir, 3, { seed: 4 });
    const result = await mlp.train({ ...base, init: 'pretrained', learning_rate: 1e-9, dropout: 0 }, ctx);
    expect(result.metrics?.pretrained_from_trial).toBe(bestNumber);
    expect(ctx.logs.join('\n')).toContain(`starting from weights of trial ${bestNumber}`);
    // With a vanishing learning rate the trained weights stay those loaded.
    const saved = (n: number): Float32Array => {
      const bytes = fs.readFileSync(path.join(studyDir, String(n), 'weights.bin'));
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    };
    const [loaded, source] = [saved(3), saved(bestNumber)];
    expect(loaded.length).toBe(source.length);
    loaded.forEach((v, i) => expect(v).toBeCloseTo(source[i] as number, 5));
  });

  it('loadWeights copies every saved weight into a fresh model', () => {
    const studyDir = tempStudyDir('load');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] })] });
    const found = findBestWeights(studyDir, 'none');
    expect(found).toBeNull();
    expect(() => loadWeights(model, studyDir)).toThrow(/no saved weights/);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/process';
import { trialsOf } from '../helpers/study-trials';
import { tempStudyDir } from '../trainers/context';

/** A tiny MNIST subset and 2 retraining epochs, so a DARTS trial takes seconds. */
const TINY = { BAYTUNE_MNIST_TRAIN: '8', BAYTUNE_DARTS_ARCH: '4', BAYTUNE_MNIST_VALIDATION: '6', BAYTUNE_DARTS_RETRAIN_EPOCHS: '2' };
const GENOTYPE_LINE = /^n0 = \w+\(c_\{k-[12]\}\) \+ \w+\(c_\{k-[12]\}\); n1 = .*; n2 = .*; out = concat\(n0\.\.n2\)$/;

describe('the darts trainer from the compiled CLI', () => {
  it('baytune run --trainer darts: 2 trials on 2 threads, each COMPLETE with search + retraining reports and its genotype in user_attrs', async () => {
    const dir = tempStudyDir('darts-run');
    const space = path.join(dir, 'space.json');
    fs.writeFileSync(space, JSON.stringify({ cells: { type: 'int', low: 1, high: 1 }, nodes: { type: 'int', low: 3, high: 3 }, init_channels: { type: 'int', low: 4, high: 4 }, search_epochs: { type: 'int', low: 1, high: 2 } }));
    const db = path.join(dir, 'study.db');
    const run = await runCli(['run', '--trainer', 'darts', '--trials', '2', '--workers', '2', '--space', space, '--db', db, '--weights', path.join(dir, 'w'), '--study', 'darts-e2e', '--sampler', '{"type":"random","seed":4}'], TINY, 180_000);
    expect(run).toMatchObject({ code: 0 });
    expect(run.output).toMatch(/DARTS cell after \d search epoch\(s\) in [\d.]+ s \(backend \w+\): n0 = /);
    const trials = await trialsOf(db, 'darts-e2e');
    expect(trials).toHaveLength(2);
    for (const t of trials) {
      expect(t.state).toBe('COMPLETE');
      const steps = (t.params.search_epochs as number) + 2;
      expect(t.intermediate_values.map((v) => v.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
      const attrs = t.user_attrs as { genotype: string; genotype_json: string; weights_dir: string; metrics: Record<string, number> };
      expect(attrs.genotype).toMatch(GENOTYPE_LINE);
      expect(JSON.parse(fs.readFileSync(path.join(attrs.weights_dir, 'genotype.json'), 'utf8')).genotype).toEqual(JSON.parse(attrs.genotype_json));
      expect(attrs.metrics.param_count).toBeGreaterThan(0);
      expect(attrs.metrics.val_accuracy).toBeGreaterThanOrEqual(0);
    }
  });

  it('baytune train darts --params: one search and retraining, printing the genotype', async () => {
    const dir = tempStudyDir('darts-train');
    const params = { arch_learning_rate: 0.01, weight_optimizer: 'adam', weight_learning_rate: 0.01, weight_decay: 1e-4, cells: 1, nodes: 3, init_channels: 4, search_epochs: 1, order: 'second' };
    const run = await runCli(['train', 'darts', '--params', JSON.stringify(params), '--dir', path.join(dir, 'one')], TINY, 120_000);
    expect(run).toMatchObject({ code: 0 });
    expect(run.output).toMatch(/^step 3: value [\d.]+, val_accuracy [\d.]+/m);
    expect(run.output).toMatch(/^genotype: n0 = /m);
    expect(fs.existsSync(path.join(dir, 'one', 'genotype.json'))).toBe(true);
    const bad = await runCli(['train', 'darts', '--params', '{"cells": 1}', '--dir', path.join(dir, 'two')], TINY, 60_000);
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(/--params lacks arch_learning_rate, weight_optimizer, weight_learning_rate, weight_decay, nodes, init_channels, search_epochs, order \(the darts space: /);
  });
});

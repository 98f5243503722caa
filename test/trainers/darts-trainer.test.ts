import * as fs from 'node:fs';
import * as path from 'node:path';
import { trainerOptionsFrom } from '../../src/cli/trainer-options';
import { loadTrainer } from '../../src/trainer/load-trainer';
import { createDartsTrainer } from '../../trainers/darts';
import { RETRAIN_DEFAULTS } from '../../trainers/darts/retrain';
import { tempStudyDir, testContext } from './context';

const OPTIONS = { trainPerDigit: 16, archPerDigit: 8, validationPerDigit: 10, downsample: 4 as const, batchSize: 32, retrain: { ...RETRAIN_DEFAULTS, epochs: 4 }, retrainDropout: 0.1 };
const PARAMS = { arch_learning_rate: 0.01, weight_optimizer: 'momentum', weight_learning_rate: 0.05, weight_decay: 3e-4, cells: 1, nodes: 3, init_channels: 4, search_epochs: 2, order: 'first' };

describe('darts trainer on a tiny MNIST subset', () => {
  it('searches, derives a genotype, retrains it and reports search then retraining epochs', async () => {
    const ctx = testContext(tempStudyDir('darts'), 0);
    const t0 = Date.now();
    const result = await createDartsTrainer(OPTIONS).train(PARAMS, ctx);
    console.log((Date.now() - t0) / 1000, JSON.stringify(result), ctx.logs.join('\n'));
    expect(ctx.reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    // NOTE: ln(10) = 2.30 is the cross-entropy of a uniform guess over ten digits.
    expect(result.value).toBeLessThan(2.3);
    expect(result.metrics?.val_accuracy).toBeGreaterThan(0.2);
    expect(result.metrics?.param_count).toBeGreaterThan(100);
    const saved = JSON.parse(fs.readFileSync(path.join(ctx.trialDir, 'genotype.json'), 'utf8'));
    expect(JSON.parse(result.attributes?.genotype_json ?? '')).toEqual(saved.genotype);
    expect(result.attributes?.genotype).toMatch(/^n0 = \w+\(c_\{k-2\}\) \+ \w+\(c_\{k-1\}\); n1 = /);
  });

  it('is built by loadTrainer from typed settings (the CLI maps its env vars to them), naming a bad setting', () => {
    const options = trainerOptionsFrom(undefined, { BAYTUNE_MNIST_TRAIN: '12', BAYTUNE_DARTS_ARCH: '4', BAYTUNE_DARTS_RETRAIN_EPOCHS: '2' });
    expect(options.settings).toEqual({ train_per_digit: '12', arch_per_digit: '4', retrain_epochs: '2' });
    expect(loadTrainer('darts', options).description).toMatch(/^DARTS cell search on MNIST \(12 weight \+ 4 architecture \+ 30 validation images per digit, downsampled x4\)/);
    expect(() => loadTrainer('darts', { settings: { retrain_epochs: 'two' } })).toThrow(/darts setting retrain_epochs="two" must be an integer/);
    expect(() => loadTrainer('darts', { settings: { arch_per_digit: 0 } })).toThrow(/at least 1 training and 1 architecture image per digit \(got 30 \+ 0\)/);
    expect(() => loadTrainer('darts', { settings: { downsample: 3 } })).toThrow(/downsampling must be 1, 2 or 4/);
  });
});

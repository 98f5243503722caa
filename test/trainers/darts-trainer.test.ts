import * as fs from 'node:fs';
import * as path from 'node:path';
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
});

import { disposeSplits, loadDartsSplits } from '../../trainers/darts/data';
import type { Genotype } from '../../trainers/darts/genotype';
import { parameterCount, RETRAIN_DEFAULTS, retrainGenotype } from '../../trainers/darts/retrain';
import { probeDartsKernels } from '../../trainers/darts/probe';
import { ensureBackend } from '../../trainers/shared/backend';
import { tempStudyDir, testContext } from './context';

const CELL: Genotype = {
  nodes: 3,
  edges: [
    [{ op: 'conv_3x3', from: 0 }, { op: 'dil_conv_3x3', from: 1 }],
    [{ op: 'conv_5x5', from: 1 }, { op: 'skip_connect', from: 2 }],
    [{ op: 'max_pool_3x3', from: 2 }, { op: 'avg_pool_3x3', from: 3 }],
  ],
};

describe('retraining a derived cell with the cnn training code', () => {
  beforeAll(() => ensureBackend('darts', () => probeDartsKernels(7), { info: () => undefined, warn: () => undefined }));

  it('learns: validation cross-entropy falls and accuracy is far above chance after 4 epochs', async () => {
    const splits = loadDartsSplits({ trainPerDigit: 16, archPerDigit: 8, validationPerDigit: 10, downsample: 4 });
    const ctx = testContext(tempStudyDir('darts-retrain'), 3);
    try {
      const shape = { cells: 1, channels: 8, side: splits.side, dropout: 0 };
      const outcome = await retrainGenotype(CELL, shape, splits.retrain, { ...RETRAIN_DEFAULTS, epochs: 4 }, ctx, 2);
      expect(ctx.reports.map((r) => r.step)).toEqual([3, 4, 5, 6]);
      expect(outcome.value).toBeLessThan((ctx.reports[0]?.value as number) - 0.2);
      expect(outcome.accuracy).toBeGreaterThan(0.35);
      // stem 9·8 + BN 16; per cell: two 1x1 preprocessings 8·8 (+16 BN) each, conv 3x3, dil 3x3 and conv 5x5 (9, 9, 25)·64 (+16 BN each); head 24·10 + 10.
      expect(outcome.parameters).toBe(72 + 16 + 2 * (64 + 16) + (9 + 9 + 25) * 64 + 3 * 16 + 240 + 10);
      expect(parameterCount(CELL, { ...shape, cells: 2 })).toBeGreaterThan(outcome.parameters);
    } finally {
      disposeSplits(splits);
    }
  });
});

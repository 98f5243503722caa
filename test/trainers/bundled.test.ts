import { createCnnTrainer } from '../../trainers/cnn';
import { createMlpTrainer } from '../../trainers/mlp';
import { regressionTrainer } from '../../trainers/regression';
import { tempStudyDir, testContext } from './context';

const training = { optimizer: 'adam', adam_beta1: 0.9, adam_beta2: 0.999, learning_rate: 0.01, batch_size: 16, epochs: 1, lr_schedule: 'fixed', init: 'glorot', activation: 'relu', dropout: 0.1, batch_norm: false };

describe('bundled trainers train one epoch on real data', () => {
  it('mlp on iris beats chance after a few epochs and reports every epoch', async () => {
    const ctx = testContext(tempStudyDir('mlp'), 0);
    const result = await createMlpTrainer({ dataset: 'iris' }).train({ ...training, n_layers: 1, units_1: 16, epochs: 5 }, ctx);
    expect(ctx.reports.map((r) => r.step)).toEqual([1, 2, 3, 4, 5]);
    expect(result.metrics?.val_accuracy).toBeGreaterThan(0.5);
    expect(result.value).toBe(ctx.reports[4]?.value);
  });

  it('mlp on penguins trains with two conditional layers and batch norm', async () => {
    const ctx = testContext(tempStudyDir('penguins'), 0);
    const result = await createMlpTrainer({ dataset: 'penguins' }).train({ ...training, n_layers: 2, units_1: 8, units_2: 8, batch_norm: true }, ctx);
    expect(Number.isFinite(result.value)).toBe(true);
    expect(result.metrics?.val_accuracy).toBeGreaterThanOrEqual(0);
  });

  it('cnn on a small MNIST subset trains one epoch with two conv layers', async () => {
    const ctx = testContext(tempStudyDir('cnn'), 0);
    const cnn = createCnnTrainer({ trainPerDigit: 20, validationPerDigit: 10, downsample: 2 });
    const params = { ...training, n_conv: 2, filters_1: 4, kernel_1: 3, stride_1: 1, pool_1: 'max', filters_2: 4, kernel_2: 5, stride_2: 2, pool_2: 'avg', n_dense: 1, dense_units_1: 16 };
    const result = await cnn.train(params, ctx);
    expect(ctx.reports).toHaveLength(1);
    // NOTE: ln(10) = 2.30 is the cross-entropy of a uniform guess over ten digits.
    expect(result.value).toBeLessThan(2.3);
  });

  it('regression on cars lowers the validation MSE below the variance of mpg', async () => {
    const ctx = testContext(tempStudyDir('cars'), 0);
    const result = await regressionTrainer.train({ ...training, n_layers: 1, units_1: 16, epochs: 4, dropout: 0 }, ctx);
    // NOTE: mpg has a variance of about 60 mpg^2; predicting the mean scores that.
    expect(result.value).toBeLessThan(40);
  });
});

import type { ImageSet } from '../shared/data/mnist';
import { intSetting } from '../shared/settings';
import { checkDartsDataOptions } from './data';
import { RETRAIN_DEFAULTS } from './retrain';
import { runDarts, type DartsOptions, type DartsRun } from './run';
import { DARTS_SPACE } from './settings';
import type { Trainer, TrainerOptions, TrainResult } from './trainer-api';

export { runDarts, type DartsOptions, type DartsRun } from './run';
export { deriveGenotype, describeGenotype, randomGenotype, OPERATIONS, type Genotype } from './genotype';

function resultOf(run: DartsRun): TrainResult {
  const mass = Object.fromEntries(Object.entries(run.alphaMass).map(([op, m]) => [`alpha_${op}`, m]));
  const skips = run.genotype.edges.flat().filter((e) => e.op === 'skip_connect').length;
  const common = { ...mass, skip_edges: skips, search_seconds: run.search.seconds, search_epochs_run: run.search.epochsRun, supernet_val_accuracy: run.search.accuracy };
  const attributes = { genotype: run.description, genotype_json: JSON.stringify(run.genotype), tfjs_backend: run.backend };
  if (!run.retrain) return { value: run.search.loss, metrics: common, attributes, backend: run.backend };
  const { value, accuracy, parameters, seconds } = run.retrain;
  return { value, metrics: { ...common, val_accuracy: accuracy, param_count: parameters, retrain_seconds: seconds }, attributes, backend: run.backend };
}

/**
 * Differentiable architecture search (DARTS, Liu et al. 2019) on the cnn trainer's MNIST subset:
 * each trial searches a cell (bilevel, first- or second-order), derives its genotype, retrains it
 * from scratch and returns the retrained network's validation cross-entropy (minimised), with
 * `val_accuracy`, `param_count`, seconds and the α mass per operation as metrics, and the genotype
 * as the `genotype` (readable) and `genotype_json` user attributes.
 */
export function createDartsTrainer(options: DartsOptions): Trainer {
  checkDartsDataOptions(options);
  const cache: { images?: ImageSet } = {};
  return {
    name: 'darts',
    description: `DARTS cell search on MNIST (${options.trainPerDigit} weight + ${options.archPerDigit} architecture + ${options.validationPerDigit} validation images per digit, downsampled x${options.downsample}); minimises the retrained cell's validation cross-entropy.`,
    space: DARTS_SPACE,
    direction: 'minimize',
    train: async (params, context) => resultOf(await runDarts(params, options, context, cache)),
  };
}

/**
 * The trainer module's factory (loadTrainer), on the backend `options.backend` picks (auto by
 * default). Settings, per digit: `train_per_digit` (default 30) weight-step, `arch_per_digit` (20)
 * α-step and `validation_per_digit` (30) validation images, downsampled by `downsample` (4: 7x7);
 * search batches of `search_batch_size` (32); `retrain_epochs` (8) epochs of retraining.
 */
export function createTrainer(options: TrainerOptions): Trainer {
  const setting = (name: string, fallback: number): number => intSetting(options, 'darts', name, fallback);
  return createDartsTrainer({
    trainPerDigit: setting('train_per_digit', 30),
    archPerDigit: setting('arch_per_digit', 20),
    validationPerDigit: setting('validation_per_digit', 30),
    downsample: setting('downsample', 4) as DartsOptions['downsample'],
    batchSize: setting('search_batch_size', 32),
    retrain: { ...RETRAIN_DEFAULTS, epochs: setting('retrain_epochs', RETRAIN_DEFAULTS.epochs as number) },
    retrainDropout: 0.1,
    backend: options.backend,
  });
}

import type { ImageSet } from '../shared/data/mnist';
import { envInt } from '../cnn';
import { checkDartsDataOptions } from './data';
import { RETRAIN_DEFAULTS } from './retrain';
import { runDarts, type DartsOptions, type DartsRun } from './run';
import { DARTS_SPACE } from './settings';
import type { Trainer, TrainResult } from './trainer-api';

export { runDarts, type DartsOptions, type DartsRun } from './run';
export { deriveGenotype, describeGenotype, randomGenotype, OPERATIONS, type Genotype } from './genotype';

function resultOf(run: DartsRun): TrainResult {
  const mass = Object.fromEntries(Object.entries(run.alphaMass).map(([op, m]) => [`alpha_${op}`, m]));
  const skips = run.genotype.edges.flat().filter((e) => e.op === 'skip_connect').length;
  const common = { ...mass, skip_edges: skips, search_seconds: run.search.seconds, search_epochs_run: run.search.epochsRun, supernet_val_accuracy: run.search.accuracy };
  const attributes = { genotype: run.description, genotype_json: JSON.stringify(run.genotype), tfjs_backend: run.backend };
  if (!run.retrain) return { value: run.search.loss, metrics: common, attributes };
  const { value, accuracy, parameters, seconds } = run.retrain;
  return { value, metrics: { ...common, val_accuracy: accuracy, param_count: parameters, retrain_seconds: seconds }, attributes };
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
 * The bundled `darts` trainer. Per digit BAYTUNE_DARTS_TRAIN (default 30) weight-training,
 * BAYTUNE_DARTS_ARCH (20) architecture and BAYTUNE_DARTS_VALIDATION (30) validation images,
 * downsampled by BAYTUNE_DARTS_DOWNSAMPLE (4: 7x7); search batches of BAYTUNE_DARTS_BATCH (32);
 * BAYTUNE_DARTS_RETRAIN_EPOCHS (8) epochs of retraining.
 */
export const dartsTrainerFromEnv = (): Trainer => createDartsTrainer({
  trainPerDigit: envInt('BAYTUNE_DARTS_TRAIN', 30),
  archPerDigit: envInt('BAYTUNE_DARTS_ARCH', 20),
  validationPerDigit: envInt('BAYTUNE_DARTS_VALIDATION', 30),
  downsample: envInt('BAYTUNE_DARTS_DOWNSAMPLE', 4) as DartsOptions['downsample'],
  batchSize: envInt('BAYTUNE_DARTS_BATCH', 32),
  retrain: { ...RETRAIN_DEFAULTS, epochs: envInt('BAYTUNE_DARTS_RETRAIN_EPOCHS', RETRAIN_DEFAULTS.epochs as number) },
  retrainDropout: 0.1,
});

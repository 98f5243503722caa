import type { Params } from '../../src/domain/space';
import { runBundledTrial } from '../shared/bundled';
import type { FitData } from '../shared/fit';
import { SeededRandom } from '../shared/random';
import { classificationScorer } from '../shared/scorers';
import type { Genotype } from './genotype';
import { buildGenotypeNetwork, type NetworkShape } from './network';
import type { TrainContext, TrainerOptions } from './trainer-api';

/**
 * How every derived or random cell is retrained (the cnn trainer's training parameters): Adam at
 * 0.01 decaying by 0.8 per epoch, batches of 32, He initialisation, 8 epochs.
 * NOTE: fixed, not tuned, so that cells are compared under one recipe; 8 epochs measured enough
 * for the 7x7 subset's validation accuracy to level off.
 */
export const RETRAIN_DEFAULTS: Params = { optimizer: 'adam', adam_beta1: 0.9, adam_beta2: 0.999, learning_rate: 0.01, batch_size: 32, epochs: 8, lr_schedule: 'exponential', lr_decay_rate: 0.8, init: 'he' };

/** What retraining a cell gives: validation cross-entropy and accuracy, trainable parameters, seconds. */
export interface RetrainOutcome {
  value: number;
  accuracy: number;
  parameters: number;
  seconds: number;
  pruned: boolean;
}

/** Trainable parameters of the genotype's network. */
export function parameterCount(genotype: Genotype, shape: NetworkShape): number {
  const model = buildGenotypeNetwork(genotype, shape, { first: 'glorot', rest: 'glorot', pretrained: false }, new SeededRandom(0));
  const count = model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
  model.dispose();
  return count;
}

/**
 * Trains the genotype's network from scratch with the cnn trainer's code (runBundledTrial:
 * optimizer, schedule, seeded initialisers and dropout, per-epoch reports, weights saved to
 * context.trialDir). Reports are numbered after the search's: step = stepOffset + epoch. `backend`
 * must be the choice the search's ensureBackend('darts', ...) call was given, so that the memoised
 * backend (probed with every DARTS kernel) is the one retraining runs on.
 */
export async function retrainGenotype(genotype: Genotype, shape: NetworkShape, data: FitData, training: Params, context: TrainContext, stepOffset: number, backend?: TrainerOptions['backend']): Promise<RetrainOutcome> {
  const started = Date.now();
  let pruned = false;
  const offsetContext: TrainContext = {
    ...context,
    report: async (step, metrics) => (pruned = await context.report(step + stepOffset, metrics)),
  };
  const recipe = {
    name: 'darts',
    description: 'a DARTS cell retrained',
    space: {},
    loss: 'categoricalCrossentropy',
    // NOTE: runBundledTrial disposes the tensors it is given after the fit, so it gets clones.
    tensors: (): FitData => ({ xTrain: data.xTrain.clone(), yTrain: data.yTrain.clone(), xValidation: data.xValidation.clone(), yValidation: data.yValidation.clone() }),
    build: (_: Params, plan: Parameters<typeof buildGenotypeNetwork>[2], rng: SeededRandom) => buildGenotypeNetwork(genotype, shape, plan, rng),
    score: classificationScorer,
    probeParams: [],
  };
  const result = await runBundledTrial(recipe, training, offsetContext, backend);
  return { value: result.value, accuracy: result.metrics?.val_accuracy ?? Number.NaN, parameters: parameterCount(genotype, shape), seconds: (Date.now() - started) / 1000, pruned };
}

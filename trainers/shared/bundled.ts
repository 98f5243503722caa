import type { Params, SearchSpace } from '../../src/domain/space';
import type { Trainer, TrainContext, TrainerOptions, TrainResult } from '../../src/trainer/trainer';
import { ensureBackend } from './backend';
import { fitWithReports, type FitData, type Scorer } from './fit';
import type { InitPlan } from './initializers';
import { SeededRandom } from './random';
import { tf } from './tf';
import { readTrainingConfig } from './training-space';
import { architectureKey, findBestWeights, loadWeights, saveWeights } from './weights';

/** What a bundled trainer supplies; `runBundledTrial` does the rest the same way for all. */
export interface ModelRecipe {
  name: string;
  description: string;
  space: SearchSpace;
  /** The loss TF.js minimises on training batches. */
  loss: string;
  /** Fresh tensors of the (cached) data set; disposed after each trial. */
  tensors(): FitData;
  build(params: Params, plan: InitPlan, rng: SeededRandom): tf.LayersModel;
  score: Scorer;
  /** Parameter sets whose models together use every kernel of the space: the backend probe trains each once. */
  probeParams: Params[];
}

function probeFor(recipe: ModelRecipe): () => Promise<void> {
  return async () => {
    const data = recipe.tensors();
    try {
      for (const params of recipe.probeParams) {
        const model = recipe.build(params, { first: 'glorot', rest: 'glorot', pretrained: false }, new SeededRandom(1));
        model.compile({ optimizer: tf.train.adam(1e-3), loss: recipe.loss });
        const [x, y] = [data.xTrain.slice(0, 2), data.yTrain.slice(0, 2)];
        await model.trainOnBatch(x, y);
        tf.dispose([x, y]);
        model.dispose();
      }
    } finally {
      tf.dispose(Object.values(data));
    }
  };
}

function usePretrained(recipe: ModelRecipe, model: tf.LayersModel, context: TrainContext): number {
  const found = findBestWeights(context.studyDir, architectureKey(recipe.name, model));
  if (!found) {
    context.logger.info(`trial ${context.trialNumber}: no earlier weights of this architecture; starting from Glorot`);
    return -1;
  }
  loadWeights(model, found.dir);
  context.logger.info(`trial ${context.trialNumber}: starting from weights of trial ${found.meta.trialNumber} (${found.dir})`);
  return found.meta.trialNumber;
}

/**
 * One trial of a bundled trainer: picks the backend, builds the model with seeded initialisers (or
 * loads the best earlier weights of the same architecture for `init: pretrained`), trains with
 * per-epoch reports and saves its weights to context.trialDir. Besides the scorer's metrics it
 * returns `val_loss` (the validation objective, = value), `param_count` (trainable and other
 * weights of the model) and `train_seconds` (wall-clock of the fit), so a multi-objective run can
 * trade them off or bound them (`--objective param_count:minimize --constraint train_seconds<=30`).
 */
export async function runBundledTrial(recipe: ModelRecipe, params: Params, context: TrainContext, backendChoice?: TrainerOptions['backend']): Promise<TrainResult> {
  const backend = await ensureBackend(recipe.name, probeFor(recipe), context.logger, backendChoice);
  const data = recipe.tensors();
  const config = readTrainingConfig(params, data.xTrain.shape[0]);
  const model = recipe.build(params, config.init, new SeededRandom(context.seed));
  try {
    const pretrainedFrom = config.init.pretrained ? usePretrained(recipe, model, context) : -1;
    const started = performance.now();
    const outcome = await fitWithReports(model, data, config, recipe.loss, recipe.score, context);
    const trainSeconds = (performance.now() - started) / 1000;
    await saveWeights(model, context.trialDir, { trainer: recipe.name, loss: outcome.value, trialNumber: context.trialNumber });
    context.logger.info(`trial ${context.trialNumber}: weights saved in ${context.trialDir} (backend ${backend})`);
    const metrics = { ...outcome.metrics, val_loss: outcome.value, param_count: model.countParams(), train_seconds: trainSeconds, epochs_run: outcome.epochsRun, pretrained_from_trial: pretrainedFrom };
    return { value: outcome.value, metrics, backend };
  } finally {
    model.dispose();
    tf.dispose(Object.values(data));
  }
}

/** Wraps a recipe as a Trainer training on the backend `backend` chooses (auto by default). */
export function recipeTrainer(recipe: ModelRecipe, backend?: TrainerOptions['backend']): Trainer {
  return { name: recipe.name, description: recipe.description, space: recipe.space, direction: 'minimize', train: (params, context) => runBundledTrial(recipe, params, context, backend) };
}

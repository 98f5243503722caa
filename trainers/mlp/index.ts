import type { Params } from '../../src/domain/space';
import type { Trainer, TrainerOptions } from '../../src/trainer/trainer';
import { recipeTrainer, type ModelRecipe } from '../shared/bundled';
import { loadIris, loadPenguins, CLASSIFICATION_SETS, type ClassificationData, type ClassificationSet } from '../shared/data/tabular';
import type { InitPlan } from '../shared/initializers';
import { denseLayersSpace, LayerStack, readDenseUnits, readStyle, styleSpace } from '../shared/layers';
import type { SeededRandom } from '../shared/random';
import { classificationScorer } from '../shared/scorers';
import { tf } from '../shared/tf';
import { trainingSpace } from '../shared/training-space';

/** Options of the mlp trainer: which bundled table to classify (env BAYTUNE_MLP_DATASET, default iris). */
export interface MlpOptions {
  dataset: ClassificationSet;
  /** TF.js backend (auto by default). */
  backend?: TrainerOptions['backend'];
}

function build(data: ClassificationData, params: Params, plan: InitPlan, rng: SeededRandom): tf.LayersModel {
  const stack = new LayerStack(plan, rng);
  const style = readStyle(params);
  readDenseUnits(params, 'n_layers', 'units').forEach((units, i) => stack.addDense(units, style, i === 0 ? [data.featureNames.length] : undefined));
  stack.add(tf.layers.dense({ units: data.classes.length, activation: 'softmax', kernelInitializer: stack.nextInitializer() }));
  return stack.model;
}

const PROBES: Params[] = ['relu', 'tanh', 'elu', 'selu', 'sigmoid'].map((activation, i) => ({ n_layers: 2, units_1: 8, units_2: 8, activation, dropout: i === 0 ? 0.2 : 0, batch_norm: i === 0 }));

/**
 * A dense classifier: 1-3 hidden layers (units_k active when n_layers >= k), activation, dropout,
 * batch norm, plus the shared training knobs. Objective: validation cross-entropy; metric val_accuracy.
 */
export function createMlpTrainer(options: MlpOptions): Trainer {
  if (!CLASSIFICATION_SETS.includes(options.dataset)) throw new Error(`mlp dataset "${options.dataset}" is unknown; use one of ${CLASSIFICATION_SETS.join(', ')}`);
  let cached: ClassificationData | undefined;
  const data = (): ClassificationData => (cached ??= options.dataset === 'iris' ? loadIris() : loadPenguins());
  const recipe: ModelRecipe = {
    name: 'mlp',
    description: `Dense classifier on ${options.dataset} (held-out 30%); minimises validation cross-entropy.`,
    space: { ...denseLayersSpace('n_layers', 'units', 1, 3, 4, 64), ...styleSpace(0.5), ...trainingSpace(30, [8, 16, 32, 64]) },
    loss: 'categoricalCrossentropy',
    tensors: () => {
      const d = data();
      const k = d.classes.length;
      return {
        xTrain: tf.tensor2d(d.train.x),
        yTrain: tf.oneHot(tf.tensor1d(d.train.y, 'int32'), k).toFloat(),
        xValidation: tf.tensor2d(d.validation.x),
        yValidation: tf.oneHot(tf.tensor1d(d.validation.y, 'int32'), k).toFloat(),
      };
    },
    build: (params, plan, rng) => build(data(), params, plan, rng),
    score: classificationScorer,
    probeParams: PROBES,
  };
  return recipeTrainer(recipe, options.backend);
}

/** The trainer module's factory (loadTrainer): setting `dataset` names the table (iris or penguins; iris by default). */
export function createTrainer(options: TrainerOptions): Trainer {
  return createMlpTrainer({ dataset: String(options.settings?.dataset ?? 'iris') as ClassificationSet, backend: options.backend });
}

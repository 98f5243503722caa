import type { Params } from '../../src/domain/space';
import type { Trainer, TrainerOptions } from '../../src/trainer/trainer';
import { recipeTrainer, type ModelRecipe } from '../shared/bundled';
import { columnStats, type SplitTable } from '../shared/data/table';
import { loadCars } from '../shared/data/tabular';
import type { InitPlan } from '../shared/initializers';
import { denseLayersSpace, LayerStack, readDenseUnits, readStyle, styleSpace } from '../shared/layers';
import type { SeededRandom } from '../shared/random';
import { regressionScorer } from '../shared/scorers';
import { tf } from '../shared/tf';
import { trainingSpace } from '../shared/training-space';

let cached: { table: SplitTable; mean: number; sd: number } | undefined;

/** The cars table with the training targets' mean and sd (targets are standardised for training). */
function cars(): { table: SplitTable; mean: number; sd: number } {
  if (!cached) {
    const table = loadCars();
    const { mean, sd } = columnStats(table.train.y.map((y) => [y]));
    cached = { table, mean: mean[0] as number, sd: sd[0] as number };
  }
  return cached;
}

function build(params: Params, plan: InitPlan, rng: SeededRandom): tf.LayersModel {
  const stack = new LayerStack(plan, rng);
  const style = readStyle(params);
  const inputs = cars().table.featureNames.length;
  readDenseUnits(params, 'n_layers', 'units').forEach((units, i) => stack.addDense(units, style, i === 0 ? [inputs] : undefined));
  stack.add(tf.layers.dense({ units: 1, kernelInitializer: stack.nextInitializer() }));
  return stack.model;
}

function standardisedTargets(y: number[]): tf.Tensor2D {
  const { mean, sd } = cars();
  return tf.tensor2d(y.map((v) => [(v - mean) / sd]));
}

/**
 * A dense regressor predicting miles per gallon of the vega-datasets cars (25% held out):
 * 1-3 hidden layers, style and training knobs as mlp. Objective: validation MSE in mpg^2.
 */
const REGRESSION: ModelRecipe = {
  name: 'regression',
  description: 'Dense regressor on vega-datasets cars (miles per gallon); minimises validation MSE in mpg^2.',
  space: { ...denseLayersSpace('n_layers', 'units', 1, 3, 4, 64), ...styleSpace(0.3), ...trainingSpace(40, [8, 16, 32, 64]) },
  loss: 'meanSquaredError',
  tensors: () => {
    const { table } = cars();
    return {
      xTrain: tf.tensor2d(table.train.x),
      yTrain: standardisedTargets(table.train.y),
      xValidation: tf.tensor2d(table.validation.x),
      yValidation: standardisedTargets(table.validation.y),
    };
  },
  build,
  score: (model, data) => regressionScorer(cars().sd)(model, data),
  probeParams: ['relu', 'tanh', 'elu', 'selu', 'sigmoid'].map((activation, i) => ({ n_layers: 1, units_1: 4, activation, dropout: i === 0 ? 0.1 : 0, batch_norm: i === 0 })),
};

export const regressionTrainer: Trainer = recipeTrainer(REGRESSION);

/** The trainer module's factory (loadTrainer): the regressor on the backend `options.backend` chooses; it takes no settings. */
export function createTrainer(options: TrainerOptions): Trainer {
  return recipeTrainer(REGRESSION, options.backend);
}

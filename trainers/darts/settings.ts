import type { Params, SearchSpace } from '../../src/domain/space';
import { choiceParam, numberParam } from '../shared/params';
import type { OptimizerSpec } from '../shared/optimizers';
import type { SearchSettings } from './search';
import type { SupernetShape } from './supernet';

/** The weight optimizers a search can use; their own hyperparameters are fixed (momentum 0.9, Adam 0.9/0.999). */
export const WEIGHT_OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;

/**
 * The DARTS trainer's space: the search's own settings. Retraining uses one fixed recipe
 * (RETRAIN_DEFAULTS) so that trials differ only in how they searched.
 */
export const DARTS_SPACE: SearchSpace = {
  arch_learning_rate: { type: 'float', low: 3e-4, high: 3e-2, log: true },
  weight_optimizer: { type: 'categorical', choices: [...WEIGHT_OPTIMIZERS] },
  weight_learning_rate: { type: 'float', low: 1e-3, high: 0.3, log: true },
  weight_decay: { type: 'float', low: 1e-5, high: 1e-2, log: true },
  cells: { type: 'int', low: 1, high: 3 },
  nodes: { type: 'int', low: 3, high: 4 },
  init_channels: { type: 'int', low: 4, high: 12 },
  search_epochs: { type: 'int', low: 1, high: 4 },
  order: { type: 'categorical', choices: ['first', 'second'] },
};

function weightOptimizer(params: Params): OptimizerSpec {
  const kind = choiceParam(params, 'weight_optimizer', WEIGHT_OPTIMIZERS);
  if (kind === 'momentum') return { kind, momentum: 0.9 };
  if (kind === 'adam') return { kind, beta1: 0.9, beta2: 0.999 };
  return { kind };
}

function positiveInt(params: Params, name: string): number {
  const v = numberParam(params, name);
  if (!Number.isInteger(v) || v < 1) throw new Error(`parameter "${name}" must be a positive integer (got ${v})`);
  return v;
}

/** The search settings one parameter set stands for; `batchSize` comes from the trainer's options. */
export function readSearchSettings(params: Params, batchSize: number): SearchSettings {
  return {
    epochs: positiveInt(params, 'search_epochs'),
    batchSize,
    weightOptimizer: weightOptimizer(params),
    weightLearningRate: numberParam(params, 'weight_learning_rate'),
    weightDecay: numberParam(params, 'weight_decay'),
    archLearningRate: numberParam(params, 'arch_learning_rate'),
    order: choiceParam(params, 'order', ['first', 'second'] as const),
  };
}

/** The supernet's size for one parameter set (nodes must be 3 or 4, as the cells of the issue). */
export function readSupernetShape(params: Params, side: number): SupernetShape {
  const nodes = choiceParam(params, 'nodes', [3, 4]);
  return { cells: positiveInt(params, 'cells'), nodes, channels: positiveInt(params, 'init_channels'), side };
}

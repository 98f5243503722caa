import type { Params, SearchSpace } from '../../src/domain/space';
import { INIT_CHOICES, INITIALIZERS, type InitializerName, type InitPlan } from './initializers';
import { OPTIMIZER_KINDS, type OptimizerSpec } from './optimizers';
import { choiceParam, numberParam } from './params';
import { SCHEDULE_KINDS, type LearningRateSchedule } from './schedules';

/**
 * The model-optimization half of every bundled trainer's space: optimizer (with its own
 * hyperparameters as conditional children), log learning rate, batch size, epochs, schedule and
 * initialisation.
 */
export function trainingSpace(maxEpochs: number, batchSizes: number[]): SearchSpace {
  const when = (parent: string, value: string) => ({ parent, values: [value] });
  return {
    optimizer: { type: 'categorical', choices: [...OPTIMIZER_KINDS] },
    momentum: { type: 'float', low: 0.5, high: 0.99, condition: when('optimizer', 'momentum') },
    adam_beta1: { type: 'float', low: 0.8, high: 0.99, condition: when('optimizer', 'adam') },
    adam_beta2: { type: 'float', low: 0.9, high: 0.9999, condition: when('optimizer', 'adam') },
    rmsprop_decay: { type: 'float', low: 0.8, high: 0.99, condition: when('optimizer', 'rmsprop') },
    learning_rate: { type: 'float', low: 1e-4, high: 0.3, log: true },
    batch_size: { type: 'categorical', choices: batchSizes },
    epochs: { type: 'int', low: 1, high: maxEpochs },
    lr_schedule: { type: 'categorical', choices: [...SCHEDULE_KINDS] },
    lr_decay_rate: { type: 'float', low: 0.5, high: 0.99, condition: when('lr_schedule', 'exponential') },
    lr_step_drop: { type: 'float', low: 0.1, high: 0.9, condition: when('lr_schedule', 'step') },
    lr_step_interval: { type: 'int', low: 1, high: 4, condition: when('lr_schedule', 'step') },
    lr_cyclic_high_factor: { type: 'float', low: 2, high: 20, log: true, condition: when('lr_schedule', 'cyclic') },
    lr_cyclic_epochs: { type: 'int', low: 1, high: 4, condition: when('lr_schedule', 'cyclic') },
    init: { type: 'categorical', choices: [...INIT_CHOICES] },
    init_first: { type: 'categorical', choices: [...INITIALIZERS], condition: when('init', 'layerwise') },
    init_rest: { type: 'categorical', choices: [...INITIALIZERS], condition: when('init', 'layerwise') },
  };
}

/** The training settings one parameter set stands for. */
export interface TrainingConfig {
  optimizer: OptimizerSpec;
  schedule: LearningRateSchedule;
  batchSize: number;
  epochs: number;
  init: InitPlan;
}

function readOptimizer(params: Params): OptimizerSpec {
  const kind = choiceParam(params, 'optimizer', OPTIMIZER_KINDS);
  if (kind === 'momentum') return { kind, momentum: numberParam(params, 'momentum') };
  if (kind === 'adam') return { kind, beta1: numberParam(params, 'adam_beta1'), beta2: numberParam(params, 'adam_beta2') };
  if (kind === 'rmsprop') return { kind, decay: numberParam(params, 'rmsprop_decay') };
  return { kind };
}

function readSchedule(params: Params, batchesPerEpoch: number): LearningRateSchedule {
  const base = numberParam(params, 'learning_rate');
  const kind = choiceParam(params, 'lr_schedule', SCHEDULE_KINDS);
  if (kind === 'exponential') return { kind, base, rate: numberParam(params, 'lr_decay_rate') };
  if (kind === 'step') return { kind, base, drop: numberParam(params, 'lr_step_drop'), interval: numberParam(params, 'lr_step_interval') };
  if (kind === 'cyclic') {
    const cycleLength = Math.max(2, numberParam(params, 'lr_cyclic_epochs') * batchesPerEpoch);
    return { kind, base, high: base * numberParam(params, 'lr_cyclic_high_factor'), cycleLength };
  }
  return { kind, base };
}

function readInit(params: Params): InitPlan {
  const init = choiceParam(params, 'init', INIT_CHOICES);
  if (init === 'layerwise') return { first: choiceParam(params, 'init_first', INITIALIZERS), rest: choiceParam(params, 'init_rest', INITIALIZERS), pretrained: false };
  // NOTE: pretrained falls back to Glorot when no earlier trial of the same architecture saved weights.
  const single: InitializerName = init === 'pretrained' ? 'glorot' : init;
  return { first: single, rest: single, pretrained: init === 'pretrained' };
}

/** Reads the training settings; `trainRows` sizes the cyclic schedule's cycle in batches. */
export function readTrainingConfig(params: Params, trainRows: number): TrainingConfig {
  const batchSize = numberParam(params, 'batch_size');
  const batchesPerEpoch = Math.ceil(trainRows / batchSize);
  return {
    optimizer: readOptimizer(params),
    schedule: readSchedule(params, batchesPerEpoch),
    batchSize,
    epochs: numberParam(params, 'epochs'),
    init: readInit(params),
  };
}

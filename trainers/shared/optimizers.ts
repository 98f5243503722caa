import { tf } from './tf';

/** The optimizers a trainer space can choose, each with its own hyperparameters. */
export type OptimizerSpec =
  | { kind: 'sgd' }
  | { kind: 'momentum'; momentum: number }
  | { kind: 'adam'; beta1: number; beta2: number }
  | { kind: 'rmsprop'; decay: number };

/** The `optimizer` choices, in space order. */
export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;

/** A TF.js optimizer for `spec` starting at learning rate `lr` (> 0). */
export function createOptimizer(spec: OptimizerSpec, lr: number): tf.Optimizer {
  switch (spec.kind) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, spec.momentum);
    case 'adam':
      return tf.train.adam(lr, spec.beta1, spec.beta2);
    case 'rmsprop':
      return tf.train.rmsprop(lr, spec.decay);
  }
}

interface RateHolder {
  learningRate: number;
  setLearningRate?: (lr: number) => void;
}

/**
 * Changes the rate of an existing optimizer without losing its moments.
 * NOTE: TF.js has a public setter only on sgd/momentum (which cache -lr as a tensor); adam and
 * rmsprop read their `learningRate` field at every update, so writing that field is enough.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const holder = optimizer as unknown as RateHolder;
  if (typeof holder.setLearningRate === 'function') holder.setLearningRate(lr);
  else holder.learningRate = lr;
}

/** The rate the optimizer will use for its next update. */
export function learningRateOf(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as RateHolder).learningRate;
}

import type { OptimizerSpec } from '../shared/optimizers';
import { tf } from '../shared/tf';
import type { Supernet } from './supernet';

/** Images [n, side, side, 1] and one-hot labels [n, 10]. */
export interface LabelledImages {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
}

/** The bilevel search's settings (the ones baytune tunes, plus the batch size). */
export interface SearchSettings {
  epochs: number;
  batchSize: number;
  weightOptimizer: OptimizerSpec;
  weightLearningRate: number;
  /** L2 factor on all kernels, added to the weight step's loss. */
  weightDecay: number;
  /** Adam step of α (β1 0.5, β2 0.999, as in the DARTS paper). */
  archLearningRate: number;
  order: 'first' | 'second';
}

/** Mean cross-entropy of the supernet on (x, y). */
export function supernetLoss(net: Supernet, data: LabelledImages): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(data.y, net.logits(data.x)) as tf.Scalar;
}

/** The gradient of supernetLoss with respect to α, [edges, ops]: the first-order DARTS α gradient. */
export function alphaGradient(net: Supernet, data: LabelledImages): tf.Tensor {
  const { value, grads } = tf.variableGrads(() => supernetLoss(net, data), [net.alpha]);
  value.dispose();
  return grads[net.alpha.name] as tf.Tensor;
}

function gradientsOf(net: Supernet, loss: () => tf.Scalar, variables: tf.Variable[]): tf.Tensor[] {
  const { value, grads } = tf.variableGrads(loss, variables);
  value.dispose();
  return variables.map((v) => grads[v.name] as tf.Tensor);
}

function assignAll(variables: tf.Variable[], values: tf.Tensor[]): void {
  variables.forEach((v, i) => v.assign(values[i] as tf.Tensor));
}

/** Σ ‖g‖² over a list of tensors, as a number. */
function squaredNorm(tensors: tf.Tensor[]): number {
  return tf.tidy(() => tf.addN(tensors.map((t) => tf.sum(tf.square(t)))).dataSync()[0] as number);
}

/**
 * The second-order DARTS α gradient with the paper's finite-difference approximation:
 * ∇α Lval(w', α) − ξ (∇α Ltrain(w⁺, α) − ∇α Ltrain(w⁻, α)) / 2ε, where w' = w − ξ ∇w Ltrain(w, α),
 * w± = w ± ε ∇w' Lval(w', α) and ε = 0.01 / ‖∇w' Lval‖. ξ is the weight learning rate. The
 * network weights are restored before it returns.
 */
export function secondOrderAlphaGradient(net: Supernet, train: LabelledImages, validation: LabelledImages, xi: number): tf.Tensor {
  const original = net.weights.map((w) => w.clone());
  try {
    const trainGrads = gradientsOf(net, () => supernetLoss(net, train), net.weights);
    assignAll(net.weights, tf.tidy(() => original.map((w, i) => tf.sub(w, tf.mul(trainGrads[i] as tf.Tensor, xi)))));
    tf.dispose(trainGrads);
    const [dAlpha, ...dWeights] = gradientsOf(net, () => supernetLoss(net, validation), [net.alpha, ...net.weights]) as [tf.Tensor, ...tf.Tensor[]];
    const epsilon = 0.01 / Math.max(Math.sqrt(squaredNorm(dWeights)), 1e-12);
    const shifted = (sign: number): tf.Tensor => {
      assignAll(net.weights, tf.tidy(() => original.map((w, i) => tf.add(w, tf.mul(dWeights[i] as tf.Tensor, sign * epsilon)))));
      return alphaGradient(net, train);
    };
    const [plus, minus] = [shifted(1), shifted(-1)];
    const result = tf.tidy(() => tf.sub(dAlpha, tf.mul(tf.sub(plus, minus), xi / (2 * epsilon))));
    tf.dispose([dAlpha, ...dWeights, plus, minus]);
    return result;
  } finally {
    assignAll(net.weights, original);
    tf.dispose(original);
  }
}

import type { Scorer } from './fit';
import { tf } from './tf';

/** Validation objective = mean categorical cross-entropy (lower is better); also reports accuracy in [0, 1]. */
export const classificationScorer: Scorer = async (model, data) => {
  const probabilities = model.predict(data.xValidation) as tf.Tensor;
  const [lossT, accT] = tf.tidy(() => {
    // NOTE: clipped like Keras' epsilon so one confident mistake cannot make the objective infinite.
    const clipped = tf.clipByValue(probabilities, 1e-7, 1 - 1e-7);
    const loss = tf.mean(tf.neg(tf.sum(tf.mul(data.yValidation, tf.log(clipped)), -1)));
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(probabilities, -1), tf.argMax(data.yValidation, -1)), 'float32'));
    return [loss, accuracy];
  });
  const [value, accuracy] = [(await lossT.data())[0] as number, (await accT.data())[0] as number];
  tf.dispose([probabilities, lossT, accT]);
  return { value, val_accuracy: accuracy };
};

/**
 * Validation objective = mean squared error in the target's own units: the model learns targets
 * standardised as (y - mean) / sd, so MSE is scaled back by sd^2.
 */
export function regressionScorer(targetSd: number): Scorer {
  return async (model, data) => {
    const predictions = model.predict(data.xValidation) as tf.Tensor;
    const mseT = tf.tidy(() => tf.mean(tf.square(tf.sub(predictions, data.yValidation))));
    const standardised = (await mseT.data())[0] as number;
    tf.dispose([predictions, mseT]);
    const value = standardised * targetSd * targetSd;
    return { value, val_rmse: Math.sqrt(value) };
  };
}

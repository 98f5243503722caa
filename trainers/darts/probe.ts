import { SeededRandom } from '../shared/random';
import { tf } from '../shared/tf';
import type { Genotype } from './genotype';
import { buildGenotypeNetwork } from './network';
import { secondOrderAlphaGradient, supernetLoss, type LabelledImages } from './search';
import { Supernet } from './supernet';

/** A cell using every operation, so the probe touches every kernel a retrained network can need. */
const ALL_OPS: Genotype = {
  nodes: 3,
  edges: [
    [{ op: 'conv_3x3', from: 0 }, { op: 'conv_5x5', from: 1 }],
    [{ op: 'dil_conv_3x3', from: 0 }, { op: 'max_pool_3x3', from: 2 }],
    [{ op: 'avg_pool_3x3', from: 1 }, { op: 'skip_connect', from: 3 }],
  ],
};

/**
 * The backend probe of the darts trainer: one second-order α gradient and one weight gradient of a
 * tiny supernet, and one training batch of a network holding every operation, on 2 images of
 * `side` x `side`. Throws when a kernel is missing on the current backend.
 */
export async function probeDartsKernels(side: number): Promise<void> {
  const batch: LabelledImages = { x: tf.randomUniform([2, side, side, 1], 0, 1, 'float32', 1) as tf.Tensor4D, y: tf.oneHot(tf.tensor1d([0, 1], 'int32'), 10).toFloat() as tf.Tensor2D };
  const net = new Supernet({ cells: 2, nodes: 3, channels: 2, side }, new SeededRandom(1));
  const model = buildGenotypeNetwork(ALL_OPS, { cells: 1, channels: 2, side, dropout: 0.1 }, { first: 'he', rest: 'he', pretrained: false }, new SeededRandom(1));
  try {
    secondOrderAlphaGradient(net, batch, batch, 0.01).dispose();
    const { value, grads } = tf.variableGrads(() => supernetLoss(net, batch), net.weights);
    tf.dispose([value, ...Object.values(grads)]);
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    await model.trainOnBatch(batch.x, batch.y);
  } finally {
    net.dispose();
    model.dispose();
    tf.dispose([batch.x, batch.y]);
  }
}

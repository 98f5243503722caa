import { initializerFor, type InitPlan } from '../shared/initializers';
import { PatchConv2D } from '../shared/patch-conv';
import type { SeededRandom } from '../shared/random';
import { SeededDropout } from '../shared/seeded-dropout';
import { tf } from '../shared/tf';
import type { Genotype, GenotypeEdge } from './genotype';
import { SlicePool2D } from '../shared/pools';
import { CONVOLUTIONS } from './supernet';

/** The discrete network's size: `cells` copies of the genotype's cell with `channels` per node, on side x side x 1 images. */
export interface NetworkShape {
  cells: number;
  channels: number;
  side: number;
  /** Seeded dropout before the classifier (0 for none). */
  dropout: number;
}

type Symbolic = tf.SymbolicTensor;

/**
 * NOTE: with Keras' default 0.99 the moving statistics lag the few dozen batches of a retraining and
 * the network scores near chance on validation. Retraining one cell 4 epochs on 240 images: 0.9 gave
 * 30 % validation accuracy, 0.5 gave 58 %, 0 gave 56 %.
 */
const BN_MOMENTUM = 0.5;

/** Hands out seeded kernel initialisers in layer order, as the cnn's LayerStack does. */
class Initialisers {
  private index = 0;
  constructor(private readonly plan: InitPlan, readonly rng: SeededRandom) {}
  next(): ReturnType<typeof initializerFor> {
    return initializerFor(this.plan, this.index++, this.rng.nextSeed());
  }
}

function apply(layer: tf.layers.Layer, input: Symbolic | Symbolic[]): Symbolic {
  return layer.apply(input) as Symbolic;
}

/** ReLU, a convolution (kernel k, dilation d, no bias) and batch norm. */
function reluConvBn(x: Symbolic, filters: number, kernelSize: number, dilation: number, init: Initialisers): Symbolic {
  const conv = new PatchConv2D({ filters, kernelSize, strides: 1, dilation, useBias: false, kernelInitializer: init.next() });
  return apply(tf.layers.batchNormalization({ momentum: BN_MOMENTUM }), apply(conv, apply(tf.layers.activation({ activation: 'relu' }), x)));
}

function edgeOutput(edge: GenotypeEdge, input: Symbolic, channels: number, init: Initialisers): Symbolic {
  switch (edge.op) {
    case 'skip_connect':
      return input;
    case 'max_pool_3x3':
      return apply(new SlicePool2D({ kind: 'max', size: 3, stride: 1 }), input);
    case 'avg_pool_3x3':
      return apply(new SlicePool2D({ kind: 'avg', size: 3, stride: 1 }), input);
    default:
      return reluConvBn(input, channels, CONVOLUTIONS[edge.op].kernelSize, CONVOLUTIONS[edge.op].dilation, init);
  }
}

function cell(genotype: Genotype, s0: Symbolic, s1: Symbolic, channels: number, init: Initialisers): Symbolic {
  const states = [reluConvBn(s0, channels, 1, 1, init), reluConvBn(s1, channels, 1, 1, init)];
  for (const edges of genotype.edges) {
    states.push(apply(tf.layers.add(), edges.map((edge) => edgeOutput(edge, states[edge.from] as Symbolic, channels, init))));
  }
  const nodes = states.slice(2);
  return nodes.length === 1 ? (nodes[0] as Symbolic) : apply(tf.layers.concatenate({ axis: 3 }), nodes);
}

/**
 * The discrete network of a genotype, built like the supernet (3x3 stem conv + BN, `cells` cells
 * each reading the two outputs before it, global average pool, seeded dropout, dense softmax over
 * 10 digits) but with only the kept operations: a tf.LayersModel that the cnn's training code fits.
 * Pools have no BN here (as in DARTS' evaluation networks). Input [n, side, side, 1], output [n, 10].
 */
export function buildGenotypeNetwork(genotype: Genotype, shape: NetworkShape, plan: InitPlan, rng: SeededRandom): tf.LayersModel {
  const init = new Initialisers(plan, rng);
  const input = tf.input({ shape: [shape.side, shape.side, 1] });
  const stemConv = new PatchConv2D({ filters: shape.channels, kernelSize: 3, strides: 1, useBias: false, kernelInitializer: init.next() });
  const stem = apply(tf.layers.batchNormalization({ momentum: BN_MOMENTUM }), apply(stemConv, input));
  let [s0, s1] = [stem, stem];
  for (let k = 0; k < shape.cells; k += 1) [s0, s1] = [s1, cell(genotype, s0, s1, shape.channels, init)];
  let features = apply(tf.layers.globalAveragePooling2d({}), s1);
  if (shape.dropout > 0) features = apply(new SeededDropout(shape.dropout, rng.nextSeed()), features);
  const output = apply(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init.next() }), features);
  return tf.model({ inputs: input, outputs: output });
}

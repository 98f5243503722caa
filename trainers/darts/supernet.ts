import { createInitializer } from '../shared/initializers';
import { patchConvolve } from '../shared/patch-conv';
import type { SeededRandom } from '../shared/random';
import { avgPool, maxPool } from '../shared/pools';
import { tf } from '../shared/tf';
import { edgeCount, firstEdgeOf, OPERATIONS } from './genotype';

/** The supernet's size: `cells` stacked cells of `nodes` intermediate nodes, `channels` per node, on side x side x 1 images, 10 classes. */
export interface SupernetShape {
  cells: number;
  nodes: number;
  channels: number;
  side: number;
}

interface CellWeights {
  preprocess0: tf.Variable;
  preprocess1: tf.Variable;
  /** Per state j, the 5x5-tap kernels [25·c, 3·c·E_j] of its E_j outgoing edges (conv_3x3, conv_5x5, dil_conv_3x3 per edge). */
  outgoing: tf.Variable[];
}

const BN_EPSILON = 1e-5;
/** Kernel size and dilation of each convolution in OPERATIONS. */
export const CONVOLUTIONS = { conv_3x3: { kernelSize: 3, dilation: 1 }, conv_5x5: { kernelSize: 5, dilation: 1 }, dil_conv_3x3: { kernelSize: 3, dilation: 2 } } as const;
/** OPERATIONS[1..3] need no weights (skip, max pool, avg pool); OPERATIONS[4..6] are the convolutions. */
const FREE_OPS = 3;
const CONV_OPS = 3;
/** DARTS' pools: 3x3 windows, stride 1, 'same' padding. */
const POOL_3X3 = { size: 3, stride: 1 } as const;

/** Batch norm over every axis but the last, with the batch's own statistics and no affine part (as in the DARTS search). */
function batchNorm<T extends tf.Tensor>(x: T): T {
  const { mean, variance } = tf.moments(x, Array.from({ length: x.rank - 1 }, (_, i) => i));
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, BN_EPSILON)));
}

/** ReLU, a 1x1 convolution [cin, cout] and batch norm: the cell's input preprocessing. */
function reluConv1x1(x: tf.Tensor4D, kernel: tf.Tensor): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const y = tf.matMul(tf.relu(x).reshape([n * h * w, c]), kernel);
  return batchNorm(y.reshape([n, h, w, kernel.shape[1] as number]));
}

/**
 * 1 where tap (i, j) of a 5x5 window belongs to the convolution: conv_3x3 uses the inner 3x3,
 * conv_5x5 all 25, dil_conv_3x3 (dilation 2) the 9 taps at even offsets. Shape [5, 5, c, 3·c·edges].
 */
function tapMask(channels: number, edges: number): tf.Tensor4D {
  const width = CONV_OPS * channels * edges;
  const mask = new Float32Array(25 * channels * width);
  const uses = [(i: number, j: number) => i >= 1 && i <= 3 && j >= 1 && j <= 3, () => true, (i: number, j: number) => i % 2 === 0 && j % 2 === 0];
  for (let at = 0; at < mask.length; at += 1) {
    const column = at % width;
    const tap = Math.floor(at / (channels * width));
    mask[at] = (uses[Math.floor(column / channels) % CONV_OPS] as (i: number, j: number) => boolean)(Math.floor(tap / 5), tap % 5) ? 1 : 0;
  }
  return tf.tensor4d(mask, [5, 5, channels, width]);
}

/** Outgoing edges of state j in a cell of `nodes` nodes: to nodes max(0, j-1) .. nodes-1. */
function targetsOf(state: number, nodes: number): number[] {
  return Array.from({ length: nodes - Math.max(0, state - 1) }, (_, i) => Math.max(0, state - 1) + i);
}

/**
 * The DARTS supernet with one cell type: a 3x3 stem, `cells` cells that all share one α (every
 * cell reads the outputs of the two cells before it, the stem standing in for missing ones), a
 * global average pool and a dense layer to 10 logits. Every edge mixes the OPERATIONS by softmax(α).
 * NOTE: no reduction cells: the images are 7x7 or 14x14 already, and one cell type halves both
 * the α to learn and the derivation; documented in the README.
 */
export class Supernet {
  /** Architecture weights, [edgeCount(nodes), OPERATIONS.length]; row e belongs to edge e. */
  readonly alpha: tf.Variable;
  /** All network weights (kernels and the dense bias), the variables the weight step trains. */
  readonly weights: tf.Variable[] = [];
  private readonly stem: tf.Variable;
  private readonly cellWeights: CellWeights[] = [];
  private readonly masks: tf.Tensor4D[];
  private readonly headKernel: tf.Variable;
  private readonly headBias: tf.Variable;

  constructor(readonly shape: SupernetShape, rng: SeededRandom) {
    const { cells, nodes, channels: c } = shape;
    this.alpha = tf.variable(tf.mul(tf.randomNormal([edgeCount(nodes), OPERATIONS.length], 0, 1, 'float32', rng.nextSeed()), 1e-3));
    this.stem = this.kernel([3, 3, 1, c], rng);
    this.masks = Array.from({ length: nodes + 1 }, (_, state) => tapMask(c, targetsOf(state, nodes).length));
    for (let cell = 0; cell < cells; cell += 1) {
      const inputs = [cell < 2 ? c : nodes * c, cell < 1 ? c : nodes * c];
      this.cellWeights.push({
        preprocess0: this.kernel([inputs[0] as number, c], rng),
        preprocess1: this.kernel([inputs[1] as number, c], rng),
        outgoing: this.masks.map((mask) => this.maskedKernel(mask, rng)),
      });
    }
    this.headKernel = this.kernel([nodes * c, 10], rng);
    this.headBias = tf.variable(tf.zeros([10]));
    this.weights.push(this.headBias);
  }

  private kernel(shape: number[], rng: SeededRandom): tf.Variable {
    const v = tf.variable(createInitializer('he', rng.nextSeed()).apply(shape) as tf.Tensor);
    this.weights.push(v);
    return v;
  }

  /** He-normal kernels for the 9-tap convolutions (fan-in 9c) and the 25-tap one, zero off their taps. */
  private maskedKernel(mask: tf.Tensor4D, rng: SeededRandom): tf.Variable {
    const [, , c, width] = mask.shape;
    const v = tf.variable(tf.tidy(() => {
      const columnScale = tf.tensor1d(Array.from({ length: width }, (_, col) => (Math.floor(col / c) % CONV_OPS === 1 ? 1 : 5 / 3)));
      return tf.mul(tf.mul(createInitializer('he', rng.nextSeed()).apply([5, 5, c, width]) as tf.Tensor, columnScale), mask);
    }));
    this.weights.push(v);
    return v;
  }

  /** Frees α, every weight and the tap masks. */
  dispose(): void {
    tf.dispose([this.alpha, ...this.weights, ...this.masks]);
  }

  /** Kernels only (no bias): what weight decay shrinks. */
  kernels(): tf.Variable[] {
    return this.weights.filter((w) => w !== this.headBias);
  }

  /** Logits [n, 10] of images x [n, side, side, 1]. Call inside tf.tidy or a gradient function. */
  logits(x: tf.Tensor4D): tf.Tensor2D {
    const mix = tf.softmax(this.alpha) as tf.Tensor2D;
    const stem = batchNorm(patchConvolve(x, this.stem as unknown as tf.Tensor4D, { kernelSize: 3, strides: 1, dilation: 1 }));
    let [s0, s1] = [stem, stem];
    for (const weights of this.cellWeights) [s0, s1] = [s1, this.cell(s0, s1, weights, mix)];
    return tf.add(tf.matMul(tf.mean(s1, [1, 2]), this.headKernel), this.headBias);
  }

  /**
   * States in order: once state j is known, all its outgoing edges are computed together (its
   * pools once, its three convolutions for every edge as one 5x5 im2col matMul) and added to the
   * nodes they feed; node k is complete when states 0..k+1 are done.
   * NOTE: per-op overhead dominates at these sizes on wasm; sharing the patches cut the op count per cell about 5x.
   */
  private cell(s0: tf.Tensor4D, s1: tf.Tensor4D, weights: CellWeights, mix: tf.Tensor2D): tf.Tensor4D {
    const { nodes } = this.shape;
    const states = [reluConv1x1(s0, weights.preprocess0), reluConv1x1(s1, weights.preprocess1)];
    const incoming: tf.Tensor4D[][] = Array.from({ length: nodes }, () => []);
    for (let state = 0; state <= nodes; state += 1) {
      if (state >= 2) states.push(tf.addN(incoming[state - 2] as tf.Tensor4D[]));
      const targets = targetsOf(state, nodes);
      // NOTE: rows picked by a one-hot matMul, since gather's gradient (UnsortedSegmentSum) is missing on wasm.
      const rows = tf.matMul(tf.oneHot(targets.map((k) => firstEdgeOf(k) + state), mix.shape[0]).toFloat(), mix) as tf.Tensor2D;
      const outputs = this.edgesFrom(states[state] as tf.Tensor4D, weights.outgoing[state] as tf.Variable, this.masks[state] as tf.Tensor4D, rows);
      targets.forEach((k, e) => (incoming[k] as tf.Tensor4D[]).push(outputs[e] as tf.Tensor4D));
    }
    states.push(tf.addN(incoming[nodes - 1] as tf.Tensor4D[]));
    return tf.concat(states.slice(2), 3);
  }

  /** Σ_o softmax(α)_o · op_o(x) for each of the E edges leaving x; `rows` holds their softmax rows [E, ops]. */
  private edgesFrom(x: tf.Tensor4D, kernel: tf.Variable, mask: tf.Tensor4D, rows: tf.Tensor2D): tf.Tensor4D[] {
    const [n, h, w, c] = x.shape;
    const edges = rows.shape[0];
    const free = [x, batchNorm(maxPool(x, POOL_3X3)), batchNorm(avgPool(x, POOL_3X3))];
    const convolved = batchNorm(patchConvolve(tf.relu(x), tf.mul(kernel, mask) as tf.Tensor4D, { kernelSize: 5, strides: 1, dilation: 1 }));
    const conv = convolved.reshape([n * h * w, edges, CONV_OPS, c]);
    const convWeights = rows.slice([0, 1 + FREE_OPS], [edges, CONV_OPS]).reshape([1, edges, CONV_OPS, 1]);
    // NOTE: the weight-free ops are weighted one by one, not stacked: wasm's Unpack (stack's gradient) took 60 % of a step.
    const weightedFree = free.map((out, o) => tf.mul(out.reshape([n * h * w, 1, c]), rows.slice([0, 1 + o], [edges, 1]).reshape([1, edges, 1])));
    const mixed = tf.addN([...weightedFree, tf.sum(tf.mul(conv, convWeights), 2)]);
    // NOTE: slices, not tf.unstack: Unpack's gradient fails when some outputs get no gradient.
    return Array.from({ length: edges }, (_, e) => mixed.slice([0, e, 0], [n * h * w, 1, c]).reshape([n, h, w, c]) as tf.Tensor4D);
  }
}

import type { Params, SearchSpace } from '../../src/domain/space';
import { initializerFor, type InitPlan, type KernelInitializer } from './initializers';
import { choiceParam, countsFrom, flagParam, numberParam } from './params';
import type { SeededRandom } from './random';
import { SeededDropout } from './seeded-dropout';
import { tf } from './tf';

/** Hidden-layer activations a trainer space can choose (TF.js names). */
export const ACTIVATIONS = ['relu', 'tanh', 'elu', 'selu', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Hidden-layer settings shared by all hidden layers of a model. */
export interface BlockStyle {
  activation: Activation;
  dropout: number;
  batchNorm: boolean;
}

/** Builds layers in order and hands every weighted layer its (seeded) initialiser. */
export class LayerStack {
  readonly model = tf.sequential();
  private weighted = 0;

  constructor(
    private readonly plan: InitPlan,
    private readonly rng: SeededRandom,
  ) {}

  /** The kernel initialiser for the next weighted layer: `first` for the first one, `rest` after. */
  nextInitializer(): KernelInitializer {
    const init = initializerFor(this.plan, this.weighted, this.rng.nextSeed());
    this.weighted += 1;
    return init;
  }

  /** Adds a layer as is. */
  add(layer: tf.layers.Layer): void {
    this.model.add(layer);
  }

  /** Adds batch norm (when asked), the activation and seeded dropout (when rate > 0) after a weighted layer. */
  finishBlock(style: BlockStyle): void {
    if (style.batchNorm) this.model.add(tf.layers.batchNormalization());
    this.model.add(tf.layers.activation({ activation: style.activation }));
    if (style.dropout > 0) this.model.add(new SeededDropout(style.dropout, this.rng.nextSeed()));
  }

  /** A dense hidden block; `inputShape` only for the model's first layer. */
  addDense(units: number, style: BlockStyle, inputShape?: number[]): void {
    this.add(tf.layers.dense({ units, useBias: !style.batchNorm, kernelInitializer: this.nextInitializer(), ...(inputShape ? { inputShape } : {}) }));
    this.finishBlock(style);
  }
}

/** Space entries for the hidden-layer style. */
export function styleSpace(maxDropout: number): SearchSpace {
  return {
    activation: { type: 'categorical', choices: [...ACTIVATIONS] },
    dropout: { type: 'float', low: 0, high: maxDropout },
    batch_norm: { type: 'categorical', choices: [false, true] },
  };
}

/** Reads the hidden-layer style. */
export function readStyle(params: Params): BlockStyle {
  return { activation: choiceParam(params, 'activation', ACTIVATIONS), dropout: numberParam(params, 'dropout'), batchNorm: flagParam(params, 'batch_norm') };
}

/**
 * A layer count `count` (int in [min, max]) plus `<prefix>_k` unit counts (log-int in
 * [minUnits, maxUnits]), each active only when count >= k.
 */
export function denseLayersSpace(count: string, prefix: string, min: number, max: number, minUnits: number, maxUnits: number): SearchSpace {
  const space: SearchSpace = { [count]: { type: 'int', low: min, high: max } };
  for (let k = 1; k <= max; k += 1) {
    space[`${prefix}_${k}`] = { type: 'int', low: minUnits, high: maxUnits, log: true, ...(k > min ? { condition: { parent: count, values: countsFrom(k, max) } } : {}) };
  }
  return space;
}

/** The unit counts of the active dense layers. */
export function readDenseUnits(params: Params, count: string, prefix: string): number[] {
  return Array.from({ length: numberParam(params, count) }, (_, i) => numberParam(params, `${prefix}_${i + 1}`));
}

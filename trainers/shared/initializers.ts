import { tf } from './tf';

/** A TF.js weight initialiser (the package does not export the class type by name). */
export type KernelInitializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** Initialisers a layer's kernel can start from; biases always start at zero. */
export const INITIALIZERS = ['random_uniform', 'random_normal', 'glorot', 'he'] as const;
export type InitializerName = (typeof INITIALIZERS)[number];

/** The `init` choices of a trainer space: one initialiser for all, layer-wise, or pretrained weights. */
export const INIT_CHOICES = [...INITIALIZERS, 'layerwise', 'pretrained'] as const;

/**
 * How a model's kernels start: `first` for the first layer, `rest` for the others (equal unless
 * layer-wise). With `pretrained`, they are overwritten by the best earlier trial's weights when one
 * of the same architecture exists (weights.ts); `first`/`rest` are the fallback.
 */
export interface InitPlan {
  first: InitializerName;
  rest: InitializerName;
  pretrained: boolean;
}

/**
 * A seeded TF.js initialiser. NOTE: random_uniform/random_normal use Keras' small defaults
 * (+-0.05, sd 0.05); glorot is Glorot-uniform and he is He-normal, the usual pairings with
 * tanh-like and relu-like activations.
 */
export function createInitializer(name: InitializerName, seed: number): KernelInitializer {
  switch (name) {
    case 'random_uniform':
      return tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });
    case 'random_normal':
      return tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed });
    case 'glorot':
      return tf.initializers.glorotUniform({ seed });
    case 'he':
      return tf.initializers.heNormal({ seed });
  }
}

/** The initialiser of layer `index` (0 = first weighted layer) under `plan`. */
export function initializerFor(plan: InitPlan, index: number, seed: number): KernelInitializer {
  return createInitializer(index === 0 ? plan.first : plan.rest, seed);
}

import type { SamplerFactory } from '../sampler';
import { normalizeGeneticOptions } from './genetic-options';
import { GeneticSampler } from './genetic-sampler';

/** `{"type": "genetic", "population_size"?, "crossover"?, "crossover_rate"?, "mutation_rate"?, "mutation_scale"?, "tournament_size"?, "blend_alpha"?}`. */
export const geneticFactory: SamplerFactory = {
  type: 'genetic',
  description: 'Steady-state genetic algorithm: tournament selection, blend or uniform crossover, per-gene mutation, elitist survivors.',
  normalize(options, space) {
    return { ...normalizeGeneticOptions(options, space) };
  },
  create(options, space) {
    return new GeneticSampler(space, normalizeGeneticOptions(options, space));
  },
};

export { GeneticSampler } from './genetic-sampler';

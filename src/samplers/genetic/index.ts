import { defineSampler } from '../sampler';
import { normalizeGeneticOptions } from './genetic-options';
import { GeneticSampler } from './genetic-sampler';

/** `{"type": "genetic", "population_size"?, "crossover"?, "crossover_rate"?, "mutation_rate"?, "mutation_scale"?, "tournament_size"?, "blend_alpha"?}`. */
export const geneticFactory = defineSampler({
  type: 'genetic',
  description: 'Steady-state genetic algorithm: tournament selection, blend or uniform crossover, per-gene mutation, elitist survivors; NSGA-II (non-dominated sorting, crowding distance, constrained domination) on multi-objective studies.',
  multiObjective: true,
  options: (raw, space) => normalizeGeneticOptions(raw, space),
  build: (options, space) => new GeneticSampler(space, options),
});

export { GeneticSampler } from './genetic-sampler';

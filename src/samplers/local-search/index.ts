import type { SamplerFactory } from '../sampler';
import { normalizeLocalSearchOptions } from './local-search-options';
import { LocalSearchSampler } from './local-search-sampler';

/** `{"type": "local-search", "initial_step"?, "min_step"?, "max_step"?, "step_growth"?, "patience"?, "perturbed_params"?}`. */
export const localSearchFactory: SamplerFactory = {
  type: 'local-search',
  description: 'Greedy hill climbing from the best trial with an adaptive step (1/5 success rule) and Sobol restarts when stuck.',
  normalize(options) {
    return { ...normalizeLocalSearchOptions(options) };
  },
  create(options, space) {
    return new LocalSearchSampler(space, normalizeLocalSearchOptions(options));
  },
};

export { LocalSearchSampler } from './local-search-sampler';

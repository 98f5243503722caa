import { defineSampler } from '../sampler';
import { normalizeLocalSearchOptions } from './local-search-options';
import { LocalSearchSampler } from './local-search-sampler';

/** `{"type": "local-search", "initial_step"?, "min_step"?, "max_step"?, "step_growth"?, "patience"?, "perturbed_params"?}`. */
export const localSearchFactory = defineSampler({
  type: 'local-search',
  description: 'Greedy hill climbing from the best trial with an adaptive step (1/5 success rule) and Sobol restarts when stuck.',
  options: (raw) => normalizeLocalSearchOptions(raw),
  build: (options, space) => new LocalSearchSampler(space, options),
});

export { LocalSearchSampler } from './local-search-sampler';

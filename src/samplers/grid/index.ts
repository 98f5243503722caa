import type { SamplerFactory } from '../sampler';
import { normalizeGridOptions } from './grid-options';
import { GridSampler } from './grid-sampler';

/** `{"type": "grid", "grid_points"?, "values"?, "shuffle"?, "on_exhausted"?}`. */
export const gridFactory: SamplerFactory = {
  type: 'grid',
  description: 'Every combination of the parameter values (ints and choices all values, floats grid_points values or a list), lazily, in index or seeded shuffled order.',
  normalize(options, space) {
    return { ...normalizeGridOptions(options, space) };
  },
  create(options, space) {
    return new GridSampler(space, normalizeGridOptions(options, space));
  },
};

export { GridSampler } from './grid-sampler';

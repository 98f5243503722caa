import { defineSampler } from '../sampler';
import { normalizeGridOptions } from './grid-options';
import { GridSampler } from './grid-sampler';

/** `{"type": "grid", "grid_points"?, "values"?, "shuffle"?, "on_exhausted"?}`. */
export const gridFactory = defineSampler({
  type: 'grid',
  description: 'Every combination of the parameter values (ints and choices all values, floats grid_points values or a list), lazily, in index or seeded shuffled order.',
  options: (raw, space) => normalizeGridOptions(raw, space),
  build: (options, space) => new GridSampler(space, options),
  byTrialNumber: true,
  // Its points do not depend on the objectives: any number of them works unchanged.
  multiObjective: true,
});

export { GridSampler } from './grid-sampler';

import { defineSampler } from '../sampler';
import { normalizeAutoOptions } from './auto-options';
import { AutoSampler } from './auto-sampler';

/** `{"type": "auto", "gp_max_trials"?, "gp_max_dims"?}`: the default when a study names no sampler. */
export const autoFactory = defineSampler({
  type: 'auto',
  description: 'Sobol initial design, then the GP with log-EI, then TPE past gp_max_trials trials or gp_max_dims parameters (NSGA-II on multi-objective studies); the choice is in each reason.',
  multiObjective: true,
  options: (raw) => normalizeAutoOptions(raw),
  build: (options, space) => new AutoSampler(space, options),
});

export { AutoSampler } from './auto-sampler';

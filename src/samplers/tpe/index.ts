import { defineSampler } from '../sampler';
import { normalizeTpeOptions } from './tpe-options';
import { TpeSampler } from './tpe-sampler';

/** `{"type": "tpe", "n_startup_trials"?, "n_ei_candidates"?, "gamma"?, "gamma_cap"?, "prior_weight"?, "multivariate"?, "magic_clip"?, "bandwidth_factor"?, "constant_liar"?}`. */
export const tpeFactory = defineSampler({
  type: 'tpe',
  description: 'Tree-structured Parzen Estimator (multivariate, conditional-aware, constant liar for pending trials); MOTPE on multi-objective studies, constraints as Optuna\'s constraints_func.',
  multiObjective: true,
  options: (raw) => normalizeTpeOptions(raw),
  build: (options, space) => new TpeSampler(space, options),
});

export { TpeSampler } from './tpe-sampler';

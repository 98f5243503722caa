import { samplerOption } from '../options';

/** Normalised options of the automatic strategy: where the GP hands over to TPE. */
export interface AutoOptions {
  /** Above this many completed trials, TPE answers instead of the GP. */
  gp_max_trials: number;
  /** Above this many parameters, TPE answers from the start. */
  gp_max_dims: number;
}

/** Checks auto options; throws DomainError('invalid_sampler', ..., 'sampler.<option>'). */
export function normalizeAutoOptions(options: Record<string, unknown>): AutoOptions {
  samplerOption.onlyKnown(options, ['gp_max_trials', 'gp_max_dims']);
  return {
    gp_max_trials: samplerOption.number(options, 'gp_max_trials', 200, 0, 100000, true),
    gp_max_dims: samplerOption.number(options, 'gp_max_dims', 20, 0, 1000, true),
  };
}

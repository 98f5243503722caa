import { ACQUISITION_OPTIONS, type AcquisitionOption } from '../../core/acquisition/acquisition-kinds';
import type { SearchSpace } from '../../domain/space';
import { samplerOption } from '../options';

/**
 * Options of the `gp` sampler (all optional in the API; defaults filled by normalizeGpOptions):
 * - acquisition: 'ei' (log expected improvement, default), 'ts' (Thompson sampling), 'ucb' (the
 *   option values of ACQUISITION_KINDS, which also names each one's reason and class);
 * - beta: UCB exploration weight in mean - sqrt(beta) sd (default 4; only used with 'ucb');
 * - n_initial: completed or pruned trials (user-added ones count) before the GP takes over from the
 *   Sobol initial design; default max(5, min(d + 1, 10)) for d parameters. NOTE: measured over 8
 *   seeds against 2d + 1 (which an older model needed to leave Hartmann6's local optimum), median
 *   log10 regret at 20 / 60 evaluations: Hartmann6 -0.25 / -3.18 against 0.20 / -3.62 (means at 60
 *   -2.60 / -2.80), Ackley5 0.82 / 0.24 against 0.94 / 0.29, mixed Hartmann -0.16 / -2.05 against
 *   0.32 / -1.66; a fixed 10 (Optuna's choice) was between the two. The cap (10, was 20) binds only
 *   past 9 parameters, where d + 1 Sobol points teach a model little it could not learn from its
 *   own steps: gp-ei, 16 seeds, median / mean / worst log10 regret at 20 and 60, cap 10 against 20:
 *   Rastrigin20 2.40 / 2.38 / 2.50 and 2.30 / 2.29 / 2.35 against 2.48 / 2.47 / 2.50 and
 *   2.34 / 2.34 / 2.43; Ackley10 (10 points against 11) 0.94 / 0.93 / 1.00 and 0.43 / 0.42 / 0.67
 *   against 0.95 and 0.46 / 0.48 / 0.89;
 * - candidates: Sobol candidates per acquisition search (default 1024; 64..16384);
 * - max_train: cap on the GP's training set; past it a subset is used (default 256; 50..2000);
 * - noisy: the objective is noisy, so re-evaluating a configuration can be worth it (default false:
 *   no suggestion repeats an evaluated configuration).
 */
export interface GpOptions {
  acquisition: AcquisitionOption;
  beta: number;
  n_initial: number;
  candidates: number;
  max_train: number;
  noisy: boolean;
}

/** Default cap on the GP's training set (option max_train). */
export const DEFAULT_MAX_TRAIN = 256;

/** The default initial design size for a space of d parameters. */
export function defaultInitialTrials(d: number): number {
  return Math.max(5, Math.min(d + 1, 10));
}

/** Validates and fills the gp options; throws DomainError('invalid_sampler') naming the option. */
export function normalizeGpOptions(options: Record<string, unknown>, space: SearchSpace): GpOptions {
  samplerOption.onlyKnown(options, ['acquisition', 'beta', 'n_initial', 'candidates', 'max_train', 'noisy']);
  return {
    acquisition: samplerOption.oneOf(options, 'acquisition', 'ei', ACQUISITION_OPTIONS),
    beta: samplerOption.number(options, 'beta', 4, 0, 1e6),
    n_initial: samplerOption.number(options, 'n_initial', defaultInitialTrials(Object.keys(space).length), 1, 10000, true),
    candidates: samplerOption.number(options, 'candidates', 1024, 64, 16384, true),
    max_train: samplerOption.number(options, 'max_train', DEFAULT_MAX_TRAIN, 50, 2000, true),
    noisy: samplerOption.flag(options, 'noisy', false),
  };
}

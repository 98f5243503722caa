import type { GpHyperparameters } from '../../core/gp/gaussian-process';
import type { WarpShape } from '../../core/gp/output-warp';
import type { CholeskyFactor } from '../../core/linalg/cholesky';
import { LruCache } from '../../core/lru-cache';

/** What the gp sampler remembers between asks of a study (keyed by space and history hashes). */
export interface CachedFit {
  hyper: GpHyperparameters;
  /** The output warp's shape (chosen with the hyperparameters). */
  warp: WarpShape;
  /** The GP's constant prior mean, in loss units (fitted with the hyperparameters). */
  meanLoss: number;
  /** Cholesky factor of the kernel matrix of the first `factor.n` training rows, if kept. */
  factor?: CholeskyFactor;
  /** Hash of the trials behind `factor` (so only an identical prefix reuses it). */
  factorKey?: string;
}

/**
 * The process-wide cache of the gp sampler's MAP fits and Cholesky factors (a few dozen studies).
 * NOTE: every cached value is a pure function of its key (space + trial history), computed the
 * same way on a miss, so the cache can only change speed, never a suggestion.
 */
export const gpFitCache = new LruCache<CachedFit>(48);

import type { GpHyperparameters } from '../../core/gp/gaussian-process';
import type { CholeskyFactor } from '../../core/linalg/cholesky';

/** What the gp sampler remembers between asks of a study (keyed by space and history hashes). */
export interface CachedFit {
  hyper: GpHyperparameters;
  /** Whether the output warp compresses the right tail (chosen with the hyperparameters). */
  tailWarp: boolean;
  /** Cholesky factor of the kernel matrix of the first `factor.n` training rows, if kept. */
  factor?: CholeskyFactor;
  /** Hash of the trials behind `factor` (so only an identical prefix reuses it). */
  factorKey?: string;
}

/**
 * A small least-recently-used map. The gp sampler keeps MAP fits and Cholesky factors here.
 * NOTE: every cached value is a pure function of its key (space + trial history), computed the
 * same way on a miss, so the cache can only change speed, never a suggestion.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The process-wide cache of the gp sampler (a few dozen studies). */
export const gpFitCache = new LruCache<CachedFit>(48);

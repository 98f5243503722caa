import type { ObjectiveSpec } from './objectives';
import type { SearchSpace } from './space';

export type Direction = 'minimize' | 'maximize';

/**
 * Sampler configuration as the API takes it: `type` names the strategy, the other keys are its
 * options (validated by the strategy at study creation). `seed` makes suggestions reproducible.
 */
export interface SamplerConfig {
  type: string;
  seed?: number;
  [option: string]: unknown;
}

/** Pruner configuration; `{type: "none"}` is the default. */
export interface PrunerConfig {
  type: string;
  [option: string]: unknown;
}

/**
 * A study as stored. Times are ISO-8601 UTC strings. `objectives` and `constraints` (ObjectiveSpec)
 * say what it optimises; `direction` is always the first objective's direction.
 */
export interface Study extends ObjectiveSpec {
  id: string;
  name: string;
  direction: Direction;
  space: SearchSpace;
  sampler: SamplerConfig;
  pruner: PrunerConfig;
  user_attrs: Record<string, unknown>;
  /** Seconds a RUNNING trial may go without a heartbeat before it is failed. */
  lease_seconds: number;
  /** How many times a trial failed by lease expiry is re-queued with the same params. */
  max_retry: number;
  created_at: string;
}

export const STUDY_DEFAULTS = {
  leaseSeconds: 3600,
  maxRetry: 0,
} as const;

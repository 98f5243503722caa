import type { Params, SearchSpace } from '../src/domain/space';

/** Where a trainer's log lines go; `info` for progress, `warn` for fallbacks worth a look. */
export interface TrainerLogger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * What a trainer gets besides its parameters. Everything a trial touches comes through here, so a
 * trainer runs the same in `baytune run`, in tests and embedded in a user's program.
 */
export interface TrainContext {
  /** Seeds every random choice of the trial (initialisers, shuffling, dropout); same seed, same result on cpu. */
  seed: number;
  /** Aborted when the run is interrupted; a trainer stops at its next batch and throws. */
  signal: AbortSignal;
  logger: TrainerLogger;
  /**
   * Sends an intermediate objective value (step = epoch, from 1) with extra metrics; resolves to
   * true when the pruner says stop. A trainer then returns its last value: the run tells PRUNED.
   */
  report(step: number, metrics: { value: number } & Record<string, number>): Promise<boolean>;
  /** This trial's own directory (created by the caller); trainers save their weights here. */
  trialDir: string;
  /** The study's directory holding every trial's directory; `pretrained` looks for weights here. */
  studyDir: string;
  /** The trial's number in its study, for log lines. */
  trialNumber: number;
}

/** What `train` answers: the objective (lower is better unless the trainer's direction says otherwise). */
export interface TrainResult {
  value: number;
  metrics?: Record<string, number>;
  /** Readable strings stored in the trial's user attributes beside the metrics (e.g. a derived architecture). */
  attributes?: Record<string, string>;
}

/**
 * A pluggable trainer. `space` is a default search space in the API's JSON format; `direction`
 * says whether `value` is minimised (default) or maximised. `train` must honour `context.signal`
 * and should call `context.report` once per epoch.
 */
export interface Trainer {
  name: string;
  description: string;
  space: SearchSpace;
  direction?: 'minimize' | 'maximize';
  train(params: Params, context: TrainContext): Promise<TrainResult>;
}

/** Names the first way `candidate` misses the Trainer interface, or returns null when it fits. */
export function trainerShapeProblem(candidate: unknown): string | null {
  if (typeof candidate !== 'object' || candidate === null) return 'it is not an object';
  const c = candidate as Record<string, unknown>;
  if (typeof c.name !== 'string' || c.name.length === 0) return '"name" must be a non-empty string';
  if (typeof c.description !== 'string') return '"description" must be a string';
  if (typeof c.space !== 'object' || c.space === null || Array.isArray(c.space)) return '"space" must be a search-space object';
  if (typeof c.train !== 'function') return '"train" must be a function (params, context) => Promise<{ value }>';
  if (c.direction !== undefined && c.direction !== 'minimize' && c.direction !== 'maximize') {
    return '"direction" must be "minimize" or "maximize"';
  }
  return null;
}

import type { Params, SearchSpace } from '../domain/space';

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
  /** The TF.js backend the trial ran on, when it used TF.js (the run's summary shows it). */
  backend?: string;
}

/** TF.js backends in order of preference: native libtensorflow, WebAssembly, plain JavaScript. */
export const TFJS_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];

/**
 * Typed configuration a trainer module is built with (`createTrainer(options)`), instead of
 * environment variables: the CLI turns its flags (and, for compatibility, the documented
 * BAYTUNE_* variables) into these once, and passes them on to trainer threads.
 */
export interface TrainerOptions {
  /** TF.js backend; `auto` (default) keeps the first of TFJS_BACKENDS that trains the model. */
  backend?: TfjsBackend | 'auto';
  /** Trainer-specific settings by name, e.g. `{dataset: 'penguins'}` for mlp; a trainer names what it takes. */
  settings?: Readonly<Record<string, string | number>>;
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

/**
 * What a trainer module may export instead of a ready Trainer: a factory taking the typed options
 * (the bundled trainers do). It should throw an Error naming a bad setting and its valid values.
 */
export type CreateTrainer = (options: TrainerOptions) => Trainer;

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

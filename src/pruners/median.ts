import { definePruner, type Curve, type Pruner, type PruneInput } from './pruner';
import { prunerOption } from './options';

/** Options of the median rule, defaults filled in. All counts are non-negative integers. */
export interface MedianOptions {
  /** No pruning until this many trials are COMPLETE. */
  n_startup_trials: number;
  /** No pruning at steps below this one. */
  n_warmup_steps: number;
  /** Decide only at steps n_warmup_steps + k * interval_steps. */
  interval_steps: number;
}

const KEYS = ['n_startup_trials', 'n_warmup_steps', 'interval_steps'] as const;
const LIMIT = 1_000_000_000;

/** The median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

function valueAt(curve: Curve, step: number): number | undefined {
  return curve.values.find((v) => v.step === step)?.value;
}

/**
 * Stops a trial whose best loss so far is worse than the median of the COMPLETE trials' losses at
 * the same step (the rule of Optuna's MedianPruner). Steps where no COMPLETE trial reported are
 * never pruned.
 */
export class MedianPruner implements Pruner {
  readonly type = 'median';
  constructor(private readonly options: MedianOptions) {}

  shouldPrune({ trial, others, step }: PruneInput): boolean {
    const { n_startup_trials, n_warmup_steps, interval_steps } = this.options;
    if (step < n_warmup_steps || (step - n_warmup_steps) % interval_steps !== 0) return false;
    const complete = others.filter((c) => c.state === 'COMPLETE');
    if (complete.length < n_startup_trials) return false;
    const atStep = complete.map((c) => valueAt(c, step)).filter((v): v is number => v !== undefined);
    if (atStep.length === 0) return false;
    const bestSoFar = Math.min(...trial.values.filter((v) => v.step <= step).map((v) => v.value));
    // NOTE: the best value so far (not the latest) is compared, as Optuna does, so one noisy epoch
    // after a good one does not stop a trial.
    return bestSoFar > median(atStep);
  }
}

/** Registry entry of `{"type": "median", n_startup_trials?, n_warmup_steps?, interval_steps?}`. */
export const medianPrunerFactory = definePruner({
  type: 'median',
  description: 'Stops a trial whose best value so far is worse than the median of completed trials at the same step.',
  options(raw): MedianOptions {
    prunerOption.onlyKnown(raw, 'median', KEYS);
    return {
      n_startup_trials: prunerOption.number(raw, 'n_startup_trials', 5, 0, LIMIT, true),
      n_warmup_steps: prunerOption.number(raw, 'n_warmup_steps', 0, 0, LIMIT, true),
      interval_steps: prunerOption.number(raw, 'interval_steps', 1, 1, LIMIT, true),
    };
  },
  build: (options) => new MedianPruner(options),
});

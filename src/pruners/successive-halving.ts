import { definePruner, type Curve, type Pruner, type PruneInput } from './pruner';
import { prunerOption } from './options';

/** Options of asynchronous successive halving, defaults filled in. */
export interface SuccessiveHalvingOptions {
  /** Steps (epochs) every trial gets before its first rung; >= 1. */
  min_resource: number;
  /** eta: only the best 1/eta of the trials at a rung go on; >= 2. */
  reduction_factor: number;
  /** s: shifts the first rung to min_resource * eta^s; >= 0. */
  min_early_stopping_rate: number;
}

const KEYS = ['min_resource', 'reduction_factor', 'min_early_stopping_rate'] as const;

/** The step of rung k: min_resource * eta^(s + k). */
export function rungStep(options: SuccessiveHalvingOptions, rung: number): number {
  return options.min_resource * options.reduction_factor ** (options.min_early_stopping_rate + rung);
}

/** A curve's value at a rung: its first reported value at a step >= the rung's step. */
function rungValue(curve: Curve, step: number): number | undefined {
  return curve.values.find((v) => v.step >= step)?.value;
}

/**
 * Whether `value` is among the best floor(n / eta) of the n competing losses (itself included);
 * while fewer than eta trials reached the rung, only the best one goes on, as in Optuna's ASHA.
 */
export function isPromotable(value: number, competing: readonly number[], eta: number): boolean {
  const sorted = competing.slice().sort((a, b) => a - b);
  const lastPromoted = Math.max(Math.floor(sorted.length / eta) - 1, 0);
  return value <= (sorted[lastPromoted] as number);
}

/**
 * Asynchronous successive halving (ASHA, Li et al. 2018). Rungs sit at steps
 * min_resource * eta^(s + k). When a report is the trial's first at or past a rung, the trial goes
 * on only if its loss there is in the top 1/eta of all trials that reached the rung so far
 * (any state). Stateless: rung values are read back from the curves on every report.
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly type = 'successive-halving';
  constructor(private readonly options: SuccessiveHalvingOptions) {}

  shouldPrune({ trial, others, step }: PruneInput): boolean {
    const current = trial.values.find((v) => v.step === step);
    if (!current) return false;
    const earlier = trial.values.filter((v) => v.step < step).map((v) => v.step);
    const previousStep = earlier.length > 0 ? Math.max(...earlier) : -Infinity;
    for (let rung = 0; rungStep(this.options, rung) <= step; rung += 1) {
      const at = rungStep(this.options, rung);
      if (at <= previousStep) continue;
      const competing = others.map((c) => rungValue(c, at)).filter((v): v is number => v !== undefined);
      if (!isPromotable(current.value, [...competing, current.value], this.options.reduction_factor)) return true;
    }
    return false;
  }
}

/** Registry entry of `{"type": "successive-halving", min_resource?, reduction_factor?, min_early_stopping_rate?}`. */
export const successiveHalvingPrunerFactory = definePruner({
  type: 'successive-halving',
  description: 'Asynchronous successive halving (ASHA): at rungs min_resource * reduction_factor^k only the top 1/reduction_factor go on.',
  options(raw): SuccessiveHalvingOptions {
    prunerOption.onlyKnown(raw, 'successive-halving', KEYS);
    return {
      min_resource: prunerOption.number(raw, 'min_resource', 1, 1, 1_000_000, true),
      reduction_factor: prunerOption.number(raw, 'reduction_factor', 3, 2, 100, true),
      min_early_stopping_rate: prunerOption.number(raw, 'min_early_stopping_rate', 0, 0, 30, true),
    };
  },
  build: (options) => new SuccessiveHalvingPruner(options),
});

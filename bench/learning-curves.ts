import { Rng } from '../src/core/rng';
import { sampleParams, encodeUnitPoint } from '../src/core/space';
import type { Params } from '../src/domain/space';
import { fnv1aText } from '../src/core/fnv1a';
import type { Curve, Pruner } from '../src/pruners/pruner';
import type { BenchmarkFunction } from './functions';

/**
 * Synthetic training runs for a benchmark function, so that pruners can be benchmarked without
 * training: the run at x reports `steps` intermediate losses that fall towards f(x), reached
 * exactly at the last step:
 *   v_t = f(x) + scale * speed(x) * (r^(t-1) - r^(steps-1)) / (1 - r^(steps-1)),  t = 1..steps, r = 0.6,
 * where `scale` is the inter-quartile range of f over 256 random points (so the first report is
 * off by about as much as configurations differ) and speed(x) = 1 + 0.6 sin(2 pi (w . u) + phase)
 * (u: x in the unit cube; w, phase fixed per function) makes some configurations learn slowly. So
 * early reports rank configurations only roughly, as a pruner meets them: a slow learner with a
 * good final loss can look bad at first.
 */
export interface LearningCurves {
  /** Reports per run (the last is f(x)). */
  steps: number;
  /** The pruner asked after every report, as the service asks it. */
  pruner: Pruner;
  /** The losses a run at `params` reports, steps 1..steps. */
  curve(params: Params): number[];
}

const DECAY = 0.6;
const SPEED_SPREAD = 0.6;

/** The learning curves of `fn` (see LearningCurves) with `pruner`, deterministic per function. */
export function syntheticCurves(fn: BenchmarkFunction, steps: number, pruner: Pruner): LearningCurves {
  const rng = new Rng(fnv1aText(`${fn.name}|curves`));
  const sample = Array.from({ length: 256 }, () => sampleParams(fn.space, rng)).filter((p) => !fn.fails?.(p)).map((p) => fn.evaluate(p)).sort((a, b) => a - b);
  const quantile = (q: number): number => sample[Math.floor(q * (sample.length - 1))] as number;
  const scale = quantile(0.75) - quantile(0.25);
  const dim = encodeUnitPoint(fn.space, sampleParams(fn.space, rng)).length;
  const w = Array.from({ length: dim }, () => rng.normal());
  const phase = 2 * Math.PI * rng.next();
  const last = DECAY ** (steps - 1);
  return {
    steps,
    pruner,
    curve(params) {
      const u = encodeUnitPoint(fn.space, params);
      const speed = 1 + SPEED_SPREAD * Math.sin(2 * Math.PI * u.reduce((s, x, i) => s + (Number.isNaN(x) ? 0 : x) * (w[i] as number), 0) + phase);
      const f = fn.evaluate(params);
      return Array.from({ length: steps }, (_, k) => (steps === 1 ? f : f + (scale * speed * (DECAY ** k - last)) / (1 - last)));
    },
  };
}

/**
 * Runs one synthetic training run against the curves of the runs before it (`others`, appended
 * to): reports step by step and asks the pruner after each report. Returns the last loss reported
 * and whether the run was pruned, and how many steps it took.
 */
export function trainWithPruner(curves: LearningCurves, number: number, params: Params, others: Curve[]): { loss: number; pruned: boolean; steps: number } {
  const losses = curves.curve(params);
  const trial: Curve = { number, state: 'RUNNING', values: [] };
  others.push(trial);
  const rest = others.slice(0, -1);
  for (let k = 0; k < losses.length; k++) {
    const step = k + 1;
    trial.values.push({ step, value: losses[k] as number });
    if (step < losses.length && curves.pruner.shouldPrune({ trial, others: rest, step })) {
      trial.state = 'PRUNED';
      return { loss: losses[k] as number, pruned: true, steps: step };
    }
  }
  trial.state = 'COMPLETE';
  return { loss: losses[losses.length - 1] as number, pruned: false, steps: losses.length };
}

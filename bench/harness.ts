import { Rng } from '../src/core/rng';
import type { Params } from '../src/domain/space';
import { isPlannedStart, type SamplerFactory, type ObservedTrial, type Sampler, type Suggestion } from '../src/samplers/sampler';
import type { Curve } from '../src/pruners/pruner';
import type { BenchmarkFunction } from './functions';
import { trainWithPruner, type LearningCurves } from './learning-curves';

/** A strategy of the regret benchmark: a registry factory plus its options. */
export interface BenchStrategy {
  name: string;
  factory: SamplerFactory;
  options: Record<string, unknown>;
}

/** One optimisation run: best-so-far regrets after each evaluation and sampler seconds per evaluation. */
export interface RunResult {
  /**
   * regret[i] = f(x) - f* for the x of the lowest value told in the first i + 1 evaluations (the
   * trial a user would pick); without observation noise, f(best of them) - f*.
   */
  regret: number[];
  /** Sampler seconds per evaluation (per suggestion; batches share one call's time). */
  secondsPerEvaluation: number;
  /** Points whose reason reports a deadline fallback (the ask ran out of time). */
  deadlineFallbacks: number;
  /** Evaluation indices (0-based) that failed (functions with a failure region). */
  failedAt: number[];
  /** Evaluations suggested after the sampler's initial design (not isPlannedStart). */
  modelGuided: number;
  /** Of those, how many failed. */
  modelGuidedFailures: number;
  /** With learning curves: how many evaluations the pruner stopped, and the training steps of all evaluations (0 without). */
  pruned: number;
  steps: number;
}

/** log10 of a regret (function units), with exact hits floored at 1e-12. */
export function logRegret(r: number): number {
  return Math.log10(Math.max(r, 1e-12));
}

/** How runOptimization drives its sampler; every field optional. */
export interface RunSettings {
  /** Each ask's deadline in milliseconds (2000). */
  deadlineMs?: number;
  /** Gaussian noise added to each value told, in function units (0). */
  noiseSd?: number;
  /** Synthetic learning curves under the median pruner (learning-curves.ts); absent: none. */
  curves?: LearningCurves;
  /** Points per ask (1): an ask of `batch` points, each drawn with the batch's earlier ones fantasised, all evaluated before the next ask. */
  batch?: number;
}

/**
 * Drives a sampler in-process through the Sampler interface exactly as the service would: asks of
 * `settings.batch` points (one by default; no pending points), each point told the function value
 * as the loss, or FAIL where the function fails. With `noiseSd` > 0 the value told is f(x) plus
 * Gaussian noise of that standard deviation (function units, drawn from the run's seed), as a
 * training run's validation loss varies from run to run; the regret is still measured on f. Before
 * the first success the regret is Infinity. With `curves`, each evaluation is a synthetic training
 * run that reports its learning curve to the pruner (learning-curves.ts); a pruned one is told as
 * PRUNED with its last report, as the service tells samplers, and only complete runs count for the regret.
 */
export async function runOptimization(strategy: BenchStrategy, fn: BenchmarkFunction, evaluations: number, seed: number, settings: RunSettings = {}): Promise<RunResult> {
  const { deadlineMs = 2000, noiseSd = 0, curves, batch = 1 } = settings;
  const options = strategy.factory.normalize({ ...strategy.options }, fn.space);
  const sampler: Sampler = strategy.factory.create(options, fn.space);
  const completed: ObservedTrial[] = [];
  const pruned: { number: number; params: Params; loss: number }[] = [];
  const curvesSoFar: Curve[] = [];
  let steps = 0;
  const failed: { number: number; params: Params }[] = [];
  const failedAt: number[] = [];
  const regret: number[] = [];
  let bestTold = Infinity;
  let bestTrue = Infinity;
  const noise = new Rng(seed ^ 0x5eed);
  let seconds = 0;
  let deadlineFallbacks = 0;
  let modelGuided = 0;
  let modelGuidedFailures = 0;
  const studySeed = new Rng(seed).nextUint32();
  for (let n = 0; n < evaluations; ) {
    const count = Math.min(batch, evaluations - n);
    const t0 = performance.now();
    const suggestions = await sampler.suggest({
      space: fn.space, completed: [...completed], pruned: [...pruned], failed: [...failed], pending: [], count, trialCount: n,
      seed: (studySeed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0, studySeed,
      budget: { deadlineMs, now: () => performance.now() },
    });
    seconds += (performance.now() - t0) / 1000;
    if (suggestions.length < count) throw new Error(`${strategy.name} returned ${suggestions.length} of ${count} suggestions`);
    for (const [k, s] of suggestions.entries()) evaluate(n + k, s);
    n += count;
  }
  return { regret, secondsPerEvaluation: seconds / evaluations, deadlineFallbacks, failedAt, modelGuided, modelGuidedFailures, pruned: pruned.length, steps };

  /** Evaluates trial `i` at its suggestion and records the regret after it. */
  function evaluate(i: number, s: Suggestion): void {
    if (s.reason.fallback?.includes('deadline')) deadlineFallbacks++;
    const guided = !isPlannedStart(s.reason);
    if (guided) modelGuided++;
    if (fn.fails?.(s.params)) {
      failed.push({ number: i, params: s.params });
      failedAt.push(i);
      if (guided) modelGuidedFailures++;
    } else if (curves && trainWith(curves, i, s.params)) {
      // Pruned: told with its last report (trainWith).
    } else {
      const value = fn.evaluate(s.params);
      const told = noiseSd > 0 ? value + noiseSd * noise.normal() : value;
      completed.push({ number: i, params: s.params, loss: told });
      if (told < bestTold) [bestTold, bestTrue] = [told, value];
    }
    regret.push(Math.max(bestTrue - fn.fStar, 0));
  }

  /** Trains with the pruner; true (and the trial recorded as pruned) when it was stopped. */
  function trainWith(c: LearningCurves, number: number, params: Params): boolean {
    const run = trainWithPruner(c, number, params, curvesSoFar);
    steps += run.steps;
    if (run.pruned) pruned.push({ number, params, loss: run.loss });
    return run.pruned;
  }
}

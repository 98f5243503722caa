import { Rng } from '../../src/core/rng';
import { sampleParams } from '../../src/core/space';
import { createSampler, normalizeSamplerConfig } from '../../src/samplers/registry';
import type { ObservedTrial } from '../../src/samplers/sampler';
import { moBenchProblem } from '../problems';
import type { MoBenchProblem } from '../problems/problem';
import { observed } from './harness';
import { median } from '../../src/pruners/median';

/** Milliseconds of the asks of one latency measurement. */
export interface AskLatency {
  sampler: string;
  trials: number;
  /** Each ask's wall milliseconds, the first on a fresh sampler (cold), each next one after telling the previous point. */
  asksMs: number[];
  medianMs: number;
  /** The mean: unlike the median it carries the asks that refit the model's hyperparameters. */
  meanMs: number;
  /** Asks whose reason reports a fallback (a deadline one would mean the figure measures the deadline, not the ask). */
  fallbacks: string[];
}

/** BNH with only its first constraint: the latency case of 2 objectives and 1 constraint. */
function latencyProblem(): MoBenchProblem {
  const bnh = moBenchProblem('bnh');
  return { ...bnh, spec: { objectives: bnh.spec.objectives, constraints: bnh.spec.constraints.slice(0, 1) } };
}

/**
 * Ask latency (issue 13 target: <= 0.3 s at 200 trials, 2 objectives, 1 constraint): `trials`
 * random BNH trials (seeded), then `asks` asks in a row, each after telling the previous
 * suggestion, with a 60 s deadline so that no fallback cuts the work short. Wall milliseconds.
 */
export async function measureAskLatency(samplerType: string, trials = 200, asks = 11): Promise<AskLatency> {
  const problem = latencyProblem();
  const rng = new Rng(trials);
  const completed: ObservedTrial[] = Array.from({ length: trials }, (_, i) => {
    const params = sampleParams(problem.space, rng);
    return observed(problem, i, params, problem.evaluate(params));
  });
  const sampler = createSampler(normalizeSamplerConfig({ type: samplerType }, problem.space), problem.space);
  const asksMs: number[] = [];
  const fallbacks: string[] = [];
  for (let a = 0; a < asks; a++) {
    const t0 = performance.now();
    const [suggestion] = await sampler.suggest({
      space: problem.space, completed, pruned: [], failed: [], pending: [], count: 1, trialCount: completed.length,
      objectiveCount: 2, constraintCount: 1, seed: completed.length, studySeed: 7,
      budget: { deadlineMs: 60000, now: () => performance.now() },
    });
    asksMs.push(performance.now() - t0);
    if (!suggestion) throw new Error(`${samplerType} returned no suggestion`);
    if (suggestion.reason.fallback) fallbacks.push(suggestion.reason.fallback);
    completed.push(observed(problem, completed.length, suggestion.params, problem.evaluate(suggestion.params)));
  }
  return { sampler: samplerType, trials, asksMs, medianMs: median(asksMs), meanMs: asksMs.reduce((a, b) => a + b, 0) / asks, fallbacks };
}

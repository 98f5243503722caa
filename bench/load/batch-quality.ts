import { Rng } from '../../src/core/rng';
import { gpFactory } from '../../src/samplers/gp/gp-sampler';
import type { Params } from '../../src/domain/space';
import { isPlannedStart, type ObservedTrial } from '../../src/samplers/sampler';
import type { BenchmarkFunction } from '../functions';

/** One batch run: log10 simple regret of the best finished trial, and the model-guided points that failed. */
export interface BatchRun {
  log10Regret: number;
  modelGuided: number;
  modelGuidedFailures: number;
}

/**
 * One run of gp-ei on `fn` for `evaluations` evaluations, asking `q` points at a time (count = q:
 * each point drawn with the batch's earlier points fantasised), in-process; where `fn` fails the
 * trial is told as FAIL. q = 1 is the sequential run.
 */
export async function batchRegret(fn: BenchmarkFunction, seed: number, q: number, evaluations: number): Promise<BatchRun> {
  const options = gpFactory.normalize({ acquisition: 'ei' }, fn.space);
  const sampler = gpFactory.create(options, fn.space);
  const studySeed = new Rng(seed).nextUint32();
  const completed: ObservedTrial[] = [];
  const failed: { number: number; params: Params }[] = [];
  const run: BatchRun = { log10Regret: Infinity, modelGuided: 0, modelGuidedFailures: 0 };
  let best = Infinity;
  for (let n = 0; n < evaluations; ) {
    const count = Math.min(q, evaluations - n);
    const out = await sampler.suggest({
      space: fn.space, completed: [...completed], pruned: [], failed: [...failed], pending: [], count, trialCount: n, studySeed,
      seed: (studySeed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0, budget: { deadlineMs: 60_000, now: () => performance.now() },
    });
    out.forEach((s, i) => {
      const guided = !isPlannedStart(s.reason);
      if (guided) run.modelGuided += 1;
      if (fn.fails?.(s.params)) {
        failed.push({ number: n + i, params: s.params });
        if (guided) run.modelGuidedFailures += 1;
        return;
      }
      const value = fn.evaluate(s.params);
      best = Math.min(best, value);
      completed.push({ number: n + i, params: s.params, loss: value });
    });
    n += count;
  }
  run.log10Regret = Math.log10(Math.max(best - fn.fStar, 1e-12));
  return run;
}

import { Rng } from '../../src/core/rng';
import { gpFactory } from '../../src/samplers/gp/gp-sampler';
import type { ObservedTrial } from '../../src/samplers/sampler';
import type { BenchmarkFunction } from '../functions';

/**
 * log10 simple regret after `rounds` x `q` evaluations of gp-ei on `fn`, asking `q` points at a
 * time (count = q: each point drawn with the batch's earlier points fantasised), in-process.
 * q = 1 is the sequential run.
 */
export async function batchRegret(fn: BenchmarkFunction, seed: number, q: number, evaluations: number): Promise<number> {
  const options = gpFactory.normalize({ acquisition: 'ei' }, fn.space);
  const sampler = gpFactory.create(options, fn.space);
  const studySeed = new Rng(seed).nextUint32();
  const completed: ObservedTrial[] = [];
  let best = Infinity;
  while (completed.length < evaluations) {
    const count = Math.min(q, evaluations - completed.length);
    const n = completed.length;
    const out = await sampler.suggest({
      space: fn.space, completed: [...completed], pruned: [], pending: [], count, trialCount: n, studySeed,
      seed: (studySeed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0, budget: { deadlineMs: 60_000, now: () => performance.now() },
    });
    out.forEach((s, i) => {
      const value = fn.evaluate(s.params);
      best = Math.min(best, value);
      completed.push({ number: n + i, params: s.params, loss: value });
    });
  }
  return Math.log10(Math.max(best - fn.fStar, 1e-12));
}

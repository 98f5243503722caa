import { createHash } from 'node:crypto';
import { Rng } from '../src/core/rng';
import { sampleParams } from '../src/core/space';
import { gpFactory } from '../src/samplers/gp/gp-sampler';
import type { ObservedTrial, SamplerInput } from '../src/samplers/sampler';
import { benchFlags } from './flags';
import { benchmarkFunction } from './functions';

/**
 * CPU per point of a round of many asks (issue 11), in-process: gp-ei on Hartmann6 after n told
 * trials (random points), with `--pending` random points of other workers fantasised.
 * - Default (warm model): per round, one ask of 1 point, then one ask of `--count` points (a round:
 *   each point drawn with the earlier ones fantasised) for the same history and seed; prints the
 *   first point's and each follower's CPU milliseconds.
 * - `--grow g`: before each round the history grows by g random trials, as between the rounds of
 *   a served study, so each round also builds its model (and refits at anchor sizes); prints each
 *   round's CPU milliseconds.
 * Both print a hash of the suggested points (a change meant only to save time must keep it).
 * Flags: --function hartmann6 --n 1000 --count 32 --rounds 3 --pending 0 --grow 0.
 */
const USAGE = 'node dist/bench/round-cost.js [--function hartmann6] [--n 1000] [--count 32] [--rounds 3] [--pending 0] [--grow 0]: CPU per point of a round of many asks';

/** CPU milliseconds of this process since `from` (user + system). */
function cpuMs(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
}

async function main(): Promise<void> {
  const flags = benchFlags(USAGE, { function: 'hartmann6', n: '1000', count: '32', rounds: '3', pending: '0', grow: '0' });
  const fn = benchmarkFunction(flags.function);
  const n = Number(flags.n);
  const count = Number(flags.count);
  const rounds = Number(flags.rounds);
  const grow = Number(flags.grow);
  const rng = new Rng(n);
  const trial = (): ObservedTrial => {
    const params = sampleParams(fn.space, rng);
    return { number: 0, params, loss: fn.evaluate(params) };
  };
  const completed: ObservedTrial[] = Array.from({ length: n }, trial);
  const pending = Array.from({ length: Number(flags.pending) }, () => sampleParams(fn.space, rng));
  const sampler = gpFactory.create(gpFactory.normalize({ acquisition: 'ei' }, fn.space), fn.space);
  const input = (seed: number, k: number): SamplerInput => ({
    space: fn.space, completed: completed.map((t, i) => ({ ...t, number: i })), pruned: [], pending, count: k, trialCount: completed.length, seed, studySeed: 7,
    budget: { deadlineMs: 600_000, now: () => performance.now() },
  });
  await sampler.suggest(input(1, 1));
  const hash = createHash('sha256');
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    if (grow > 0) {
      for (let g = 0; g < grow; g++) completed.push(trial());
      const c0 = process.cpuUsage();
      const points = await sampler.suggest(input(100 + r, count));
      const ms = cpuMs(c0);
      total += ms;
      hash.update(JSON.stringify(points.map((p) => p.params)));
      console.log(`round ${r}: n ${completed.length}, ${count} points with ${pending.length} pending ${ms.toFixed(0)} ms`);
      continue;
    }
    const c0 = process.cpuUsage();
    await sampler.suggest(input(100 + r, 1));
    const first = cpuMs(c0);
    const c1 = process.cpuUsage();
    const points = await sampler.suggest(input(100 + r, count));
    const all = cpuMs(c1);
    total += all;
    hash.update(JSON.stringify(points.map((p) => p.params)));
    console.log(`round ${r}: first point ${first.toFixed(1)} ms, ${count} points ${all.toFixed(0)} ms, follower ${((all - first) / (count - 1)).toFixed(2)} ms`);
  }
  console.log(`${rounds} rounds ${total.toFixed(0)} ms CPU; points hash ${hash.digest('hex').slice(0, 16)}`);
}

void main();

import { createHash } from 'node:crypto';
import { Rng } from '../src/core/rng';
import { sampleParams } from '../src/core/space';
import { gpFactory } from '../src/samplers/gp/gp-sampler';
import type { ObservedTrial, SamplerInput } from '../src/samplers/sampler';
import { BEYOND_DETAIL } from '../src/samplers/gp/gp-sampler';
import { benchFlags } from './flags';
import { benchmarkFunction, type BenchmarkFunction } from './functions';
import { asyncWorkersRegret, type SimulatedRound } from './load/async-workers';

/**
 * CPU per point of a round of many asks (issue 11), in-process: gp-ei on Hartmann6 after n told
 * trials (random points), with `--pending` random points of other workers fantasised.
 * - Default (warm model): per round, one ask of 1 point, then one ask of `--count` points (a round:
 *   each point drawn with the earlier ones fantasised) for the same history and seed; prints the
 *   first point's and each follower's CPU milliseconds.
 * - `--grow g`: before each round the history grows by g random trials, as between the rounds of
 *   a served study, so each round also builds its model (and refits at anchor sizes); prints each
 *   round's CPU milliseconds.
 * - `--simulate e`: a real converged study instead of random histories: `--workers` (32) simulated
 *   asynchronous workers run gp-ei to e evaluations (bench:load's simulated phase, seed `--seed`),
 *   and the CPU of its sampler rounds is printed per window of `--window` trials (by the round's
 *   trial count), with the points per round and how many went beyond a converged basin.
 * All print a hash of the suggested points (a change meant only to save time must keep it).
 * Flags: --function hartmann6 --acquisition ei --n 1000 --count 32 --rounds 3 --pending 0 --grow 0
 * --simulate 0 --workers 32 --seed 0 --window 100 (`--acquisition` ei, ts or ucb: not for --simulate).
 */
const USAGE = 'node dist/bench/round-cost.js [--function hartmann6] [--acquisition ei] [--n 1000] [--count 32] [--rounds 3] [--pending 0] [--grow 0] [--simulate 0 --workers 32 --seed 0 --window 100]: CPU per point of a round of many asks';

/** CPU milliseconds of this process since `from` (user + system). */
function cpuMs(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
}

/** The simulated study's rounds, by window of trial counts: CPU, points, points beyond a basin. */
async function simulatedStudy(fn: BenchmarkFunction, seed: number, workers: number, evaluations: number, window: number): Promise<void> {
  const rounds: SimulatedRound[] = [];
  const regret = await asyncWorkersRegret(fn, seed, workers, evaluations, undefined, (r) => rounds.push(r));
  const hash = createHash('sha256');
  for (const r of rounds) hash.update(JSON.stringify(r.out.map((p) => p.params)));
  let total = 0;
  for (let from = 0; from < evaluations; from += window) {
    const inWindow = rounds.filter((r) => r.input.trialCount >= from && r.input.trialCount < from + window);
    if (inWindow.length === 0) continue;
    const cpu = inWindow.map((r) => r.cpuMs).sort((a, b) => a - b);
    const sum = cpu.reduce((a, b) => a + b, 0);
    const points = inWindow.reduce((a, r) => a + r.out.length, 0);
    const beyond = inWindow.reduce((a, r) => a + r.out.filter((p) => p.reason.detail === BEYOND_DETAIL).length, 0);
    total += sum;
    console.log(`trials ${from}-${from + window - 1}: ${inWindow.length} rounds, ${(points / inWindow.length).toFixed(1)} points a round (${beyond} beyond a basin), CPU a round median ${(cpu[cpu.length >> 1] as number).toFixed(0)} ms, mean ${(sum / inWindow.length).toFixed(0)} ms, max ${(cpu[cpu.length - 1] as number).toFixed(0)} ms; ${(sum / points).toFixed(1)} ms a point`);
  }
  console.log(`${rounds.length} rounds ${total.toFixed(0)} ms CPU; log10 regret ${regret.toFixed(2)}; points hash ${hash.digest('hex').slice(0, 16)}`);
}

async function main(): Promise<void> {
  const flags = benchFlags(USAGE, { function: 'hartmann6', acquisition: 'ei', n: '1000', count: '32', rounds: '3', pending: '0', grow: '0', simulate: '0', workers: '32', seed: '0', window: '100' });
  const fn = benchmarkFunction(flags.function);
  if (Number(flags.simulate) > 0) return simulatedStudy(fn, Number(flags.seed), Number(flags.workers), Number(flags.simulate), Number(flags.window));
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
  const sampler = gpFactory.create(gpFactory.normalize({ acquisition: flags.acquisition }, fn.space), fn.space);
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

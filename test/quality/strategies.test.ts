import { benchmarkFunction, type BenchmarkFunction } from '../../bench/functions';
import { logRegret, runOptimization } from '../../bench/harness';
import { validateSpace } from '../../src/core/space';
import type { SamplerFactory } from '../../src/samplers/sampler';
import { autoFactory } from '../../src/samplers/auto';
import { geneticFactory } from '../../src/samplers/genetic';
import { gridFactory } from '../../src/samplers/grid';
import { localSearchFactory } from '../../src/samplers/local-search';
import { randomFactory } from '../../src/samplers/random';
import { tpeFactory } from '../../src/samplers/tpe';

/** log10 of the simple regret after `budget` evaluations, one per seed, ascending. */
async function logRegrets(factory: SamplerFactory, options: Record<string, unknown>, fn: BenchmarkFunction, budget: number, seeds: number[]): Promise<number[]> {
  const finals: number[] = [];
  for (const seed of seeds) {
    const run = await runOptimization({ name: factory.type, factory, options }, fn, budget, seed, { deadlineMs: 60000 });
    finals.push(logRegret(run.regret[budget - 1] as number));
  }
  return finals.sort((a, b) => a - b);
}

/** Median over fixed seeds of log10 of the simple regret after `budget` evaluations. */
async function medianLogRegret(factory: SamplerFactory, options: Record<string, unknown>, fn: BenchmarkFunction, budget: number, seeds: number[]): Promise<number> {
  const finals = await logRegrets(factory, options, fn, budget, seeds);
  return finals[Math.floor(finals.length / 2)] as number;
}

const SEEDS = [0, 1, 2, 3, 4];

describe('each strategy beats random search where it should (fixed seeds, regret, not timing)', () => {
  const cases: { factory: SamplerFactory; fname: string; budget: number }[] = [
    { factory: tpeFactory, fname: 'hartmann6', budget: 60 },
    { factory: geneticFactory, fname: 'rosenbrock4', budget: 60 },
    { factory: localSearchFactory, fname: 'ackley5', budget: 60 },
  ];
  it.each(cases)('$factory.type on $fname', async ({ factory, fname, budget }) => {
    const fn = benchmarkFunction(fname);
    const strategy = await medianLogRegret(factory, {}, fn, budget, SEEDS);
    const random = await medianLogRegret(randomFactory, {}, fn, budget, SEEDS);
    expect(strategy).toBeLessThan(random - 0.1);
  });

  it('auto (GP after the Sobol design) on branin with a short budget', async () => {
    const fn = benchmarkFunction('branin');
    const auto = await medianLogRegret(autoFactory, {}, fn, 25, [0, 1, 2]);
    const random = await medianLogRegret(randomFactory, {}, fn, 25, [0, 1, 2]);
    expect(auto).toBeLessThan(random - 0.5);
  });

  it('grid on a small discrete space: exhausting it finds the exact optimum, random draws repeat and miss', async () => {
    const space = validateSpace({ a: { type: 'int', low: 0, high: 4 }, b: { type: 'int', low: 0, high: 4 }, c: { type: 'categorical', choices: ['x', 'y', 'z'] } });
    const fn: BenchmarkFunction = {
      name: 'discrete-bowl',
      space,
      fStar: 0,
      evaluate: (p) => ((p['a'] as number) - 3) ** 2 + ((p['b'] as number) - 1) ** 2 + (p['c'] === 'y' ? 0 : 1),
    };
    const hits = (finals: number[]): number => finals.filter((r) => r === -12).length;
    const seeds = [...SEEDS, 5, 6, 7];
    expect(hits(await logRegrets(gridFactory, { shuffle: true }, fn, 75, seeds))).toBe(seeds.length);
    expect(hits(await logRegrets(randomFactory, {}, fn, 75, seeds))).toBeLessThan(seeds.length);
  });
});

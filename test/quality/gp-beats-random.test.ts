import { benchmarkFunction } from '../../bench/functions';
import { logRegret, runOptimization, type BenchStrategy } from '../../bench/harness';
import { gpFactory } from '../../src/samplers/gp/gp-sampler';
import { randomFactory } from '../../src/samplers/random';

/**
 * Quality at fixed seeds: gp-ei finds better points than random search with a small budget.
 * Asserts regret only (never time). Budget and seeds are kept small so the file runs in well under
 * a minute on a shared 2-core machine.
 */
const gpEi: BenchStrategy = { name: 'gp-ei', factory: gpFactory, options: { acquisition: 'ei', candidates: 512 } };
const random: BenchStrategy = { name: 'random', factory: randomFactory, options: {} };

async function finalLogRegrets(strategy: BenchStrategy, fname: string, evaluations: number, seeds: number[]): Promise<number[]> {
  const fn = benchmarkFunction(fname);
  const out: number[] = [];
  for (const seed of seeds) {
    const run = await runOptimization(strategy, fn, evaluations, seed, { deadlineMs: 60000 });
    out.push(logRegret(run.regret[evaluations - 1] as number));
  }
  return out;
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('gp-ei versus random search', () => {
  it('Branin, 30 evaluations, 3 seeds: every gp run beats the median random run, and the median reaches regret < 0.03', async () => {
    const gp = await finalLogRegrets(gpEi, 'branin', 30, [0, 1, 2]);
    const rnd = await finalLogRegrets(random, 'branin', 30, [0, 1, 2]);
    for (const g of gp) expect(g).toBeLessThan(median(rnd));
    expect(median(gp)).toBeLessThan(-1.5);
  });

  it('Hartmann6, 35 evaluations, 3 seeds: gp median regret well below random', async () => {
    const gp = await finalLogRegrets(gpEi, 'hartmann6', 35, [0, 1, 2]);
    const rnd = await finalLogRegrets(random, 'hartmann6', 35, [0, 1, 2]);
    expect(median(gp)).toBeLessThan(median(rnd) - 0.3);
  });
});

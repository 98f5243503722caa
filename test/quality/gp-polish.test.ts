import { benchmarkFunction } from '../../bench/functions';
import { runOptimization, type BenchStrategy } from '../../bench/harness';
import { gpFactory } from '../../src/samplers/gp/gp-sampler';

/**
 * A deterministic smooth objective is polished to the precision of its data, not to a noise floor
 * the fit may not go below (core/gp/fit-hyperparameters.ts, NOISE_FLOOR). Asserts regret only.
 * With the old floor of 1e-6 (in standardised target units) the same runs ended at log10 regret
 * -4.44, -5.43 and -5.70: the model could not resolve the last digits of the optimum.
 */
const gpEi: BenchStrategy = { name: 'gp-ei', factory: gpFactory, options: { acquisition: 'ei' } };
const gpTs: BenchStrategy = { name: 'gp-ts', factory: gpFactory, options: { acquisition: 'ts' } };

/** Regret on Branin after `evaluations`, one per seed. */
async function braninRegrets(strategy: BenchStrategy, evaluations: number, seeds: number[]): Promise<number[]> {
  const out: number[] = [];
  for (const seed of seeds) out.push((await runOptimization(strategy, benchmarkFunction('branin'), evaluations, seed, { deadlineMs: 600000 })).regret[evaluations - 1] as number);
  return out;
}

describe('gp-ei polishes a deterministic optimum', () => {
  it('Branin, 50 evaluations, seeds 0-2: every run ends below regret 1e-6', async () => {
    for (const regret of await braninRegrets(gpEi, 50, [0, 1, 2])) expect(regret).toBeLessThan(1e-6);
  });
});

/**
 * Thompson sampling leaves Branin's upper bound at (10, 3), where issue 10's stall held gp-ei (regret
 * 1.55, a point on the bound of x0 beside the optimum at (9.42, 2.47)). Seeds 0 and 1 sit there at
 * 20 evaluations (seed 1 still at 40) and leave by 60; seed 11 stayed there from trial 10 to 60
 * with the log shapes of the loss that were tried and reverted on 2026-12-02 (README, "Log shapes of
 * the loss: tried, landed, reverted").
 */
describe('gp-ts does not stall on a bound', () => {
  it('Branin, 60 evaluations, seeds 0, 1 and 11: every run ends below regret 1e-3', async () => {
    for (const regret of await braninRegrets(gpTs, 60, [0, 1, 11])) expect(regret).toBeLessThan(1e-3);
  });
});

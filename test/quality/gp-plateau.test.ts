import { decisionTreeTask } from '../../bench/decision-tree';
import { runOptimization, type BenchStrategy } from '../../bench/harness';
import { gpFactory } from '../../src/samplers/gp/gp-sampler';

/**
 * A GP study on a plateau of tied losses leaves it (samplers/gp/plateau.ts). The decision-tree
 * task (bench/decision-tree.ts) ties the stump's validation error 0.312 over three quarters of its
 * space; a tenth of the space is better, and random search's worst of 48 runs ends at 0.307.
 * Without the plateau rule these two seeds ended on the plateau (0.312 at 40, 0.312 and 0.310 at 60): EI kept
 * choosing points the model was sure tied the stump.
 */
const gpEi: BenchStrategy = { name: 'gp-ei', factory: gpFactory, options: { acquisition: 'ei' } };

describe('gp-ei on a plateau of ties', () => {
  it('decision tree, 40 evaluations, seeds 13 and 15: both runs end below the plateau', async () => {
    const task = decisionTreeTask();
    for (const seed of [13, 15]) {
      const run = await runOptimization(gpEi, task, 40, seed, { deadlineMs: 600000 });
      expect(run.regret[39]).toBeLessThan(0.3);
    }
  });
});

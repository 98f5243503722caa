import { tpeFactory } from '../../../src/samplers/tpe';
import { splitByOutcomes } from '../../../src/samplers/tpe/outcome-split';
import type { ObservedTrial } from '../../../src/samplers/sampler';
import { samplerContract, samplerOf } from '../../../src/testing/sampler-contract';
import { conditionalSpace, expectInSpace, inputFor, randomHistory, withOutcomes } from '../../../src/testing/sampler-kit';

const trial = (number: number, losses: number[], constraints?: number[]): ObservedTrial => ({ number, params: { x: number }, loss: losses[0]!, losses, ...(constraints ? { constraints } : {}) });
const numbers = (params: { x?: unknown }[]): unknown[] => params.map((p) => p.x);

describe('tpe sampler as MOTPE (several objectives, constraints)', () => {
  samplerContract('tpe', 30, 25, { objectives: 2, constraints: 1 });
  samplerContract('tpe', 30, 15, { objectives: 3, constraints: 0 });

  it('good group: the first front, then the next one cut by greedy hypervolume; weights by contribution', () => {
    const completed = [
      trial(0, [0, 4]),
      trial(1, [4, 0]),
      trial(2, [1, 4.5]),
      trial(3, [2, 2]),
      trial(4, [4.5, 1]),
      trial(5, [2.1, 2.1]),
      trial(6, [5, 5]),
      trial(7, [3, 3]),
    ];
    // 8 trials, gamma 0.5: the first front {0, 1, 3} and one of the second front {2, 4, 5}: 5 adds the most.
    const split = splitByOutcomes({ completed, pruned: [], objectiveCount: 2 }, 0.5, 25, [{ x: 'liar' }]);
    expect(numbers(split.good)).toEqual([0, 1, 3, 5]);
    expect(numbers(split.bad)).toEqual([2, 4, 6, 7, 'liar']);
    const weights = split.goodWeights!;
    expect(weights).toHaveLength(4);
    expect(Math.max(...weights)).toBe(1);
    expect(weights[3]).toBeLessThan(1e-9); // 5 is dominated by 3 within the good group: no contribution
    expect(weights[2]).toBeGreaterThan(0.01);
  });

  it('constraints as Optuna constraints_func: feasible, then pruned, then infeasible by total violation', () => {
    const completed = [trial(0, [1], [0.5, 0.5]), trial(1, [9], [-1, -1]), trial(2, [0], [2, -1]), trial(3, [5], [-1, 0]), trial(4, [-5], [0.2, 0])].map((t) => ({ ...t, losses: undefined }));
    const pruned = [{ number: 5, params: { x: 5 }, loss: 3 }];
    const at = (gamma: number): unknown[] => numbers(splitByOutcomes({ completed, pruned, objectiveCount: 1 }, gamma, 25, []).good);
    expect(at(0.3)).toEqual([1, 3]);
    expect(at(0.5)).toEqual([1, 3, 5]);
    expect(at(0.6)).toEqual([1, 3, 4, 5]);
    expect(at(0.8)).toEqual([0, 1, 3, 4, 5]);
    expect(splitByOutcomes({ completed, pruned, objectiveCount: 1 }, 0.5, 25, []).goodWeights).toBeUndefined();
  });

  it('says motpe in every reason and is deterministic; params valid on a conditional space', async () => {
    expect(tpeFactory.multiObjective).toBe(true);
    const shape = { objectives: 2, constraints: 1 };
    const early = await samplerOf('tpe', conditionalSpace).suggest(inputFor(conditionalSpace, { objectiveCount: 2, constraintCount: 1 }));
    expect(early[0]!.reason.strategy).toBe('motpe');
    const completed = withOutcomes(conditionalSpace, randomHistory(conditionalSpace, 40, 5), shape);
    const input = inputFor(conditionalSpace, { completed, count: 4, seed: 9, objectiveCount: 2, constraintCount: 1 });
    const out = await samplerOf('tpe', conditionalSpace).suggest(input);
    for (const s of out) {
      expect(s.reason).toMatchObject({ strategy: 'motpe', acquisition: 'log l(x) - log g(x)' });
      expect(s.reason.detail).toMatch(/by non-dominated rank and hypervolume$/);
      expectInSpace(conditionalSpace, s.params);
    }
    expect(await samplerOf('tpe', conditionalSpace).suggest(input)).toEqual(out);
    const constrained = await samplerOf('tpe', conditionalSpace).suggest({ ...input, objectiveCount: 1 });
    expect(constrained[0]!.reason).toMatchObject({ strategy: 'tpe', detail: expect.stringMatching(/by \(total violation, loss\)$/) });
  });
});

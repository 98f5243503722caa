import { geneticFactory } from '../../../src/samplers/genetic';
import { Rng } from '../../../src/core/rng';
import { tournament } from '../../../src/samplers/genetic/genetic-operators';
import { nsga2Survivors, selectionFor, type Parent } from '../../../src/samplers/genetic/parent-selection';
import type { ObservedTrial } from '../../../src/samplers/sampler';
import { samplerContract, samplerOf } from '../../../src/testing/sampler-contract';
import { conditionalSpace, continuousSpace, expectInSpace, inputFor, randomHistory, withOutcomes } from '../../../src/testing/sampler-kit';

const trial = (number: number, losses: number[], constraints?: number[]): ObservedTrial => ({ number, params: { x: number / 10 }, loss: losses[0]!, losses, ...(constraints ? { constraints } : {}) });

describe('genetic sampler as NSGA-II (several objectives)', () => {
  samplerContract('genetic', 30, 25, { objectives: 2, constraints: 1 });
  samplerContract('genetic', 30, 15, { objectives: 3, constraints: 0 });

  it('survivors: whole fronts first, the last front cut by crowding distance, infeasible ones last', () => {
    const trials = [
      trial(0, [0, 4]),
      trial(1, [1, 3]),
      trial(2, [1.1, 2.9]),
      trial(3, [4, 0]),
      trial(4, [2, 4]),
      trial(5, [-9, -9], [0.5]),
      trial(6, [3, 3.5]),
    ].map((t) => (t.constraints ? t : { ...t, constraints: [-1] }));
    const all = nsga2Survivors(trials, 7);
    expect(all.map((s) => [s.trial.number, s.rank])).toEqual([[0, 0], [1, 0], [2, 0], [3, 0], [4, 1], [6, 1], [5, 2]]);
    const three = nsga2Survivors(trials, 3).map((s) => s.trial.number);
    // The ends (0, 3) are infinitely crowded; of 1 and 2, 2 has the wider neighbourhood on the front.
    expect(three).toEqual([0, 3, 2]);
    const crowding = nsga2Survivors(trials, 4).map((s) => s.crowding);
    expect(crowding[0]).toBe(Infinity);
  });

  it('binary tournament on (rank, crowding): the lower rank wins, then the lonelier member', () => {
    const member = (rank: number, crowding: number, loss: number): Parent => ({ unit: Float64Array.of(0.5), loss, number: loss, violation: 0, rank, crowding });
    const input = inputFor(continuousSpace, { completed: withOutcomes(continuousSpace, randomHistory(continuousSpace, 20, 1), { objectives: 2, constraints: 0 }), objectiveCount: 2 });
    const { better, tournamentSize, strategy } = selectionFor(input, continuousSpace, 8, 4);
    expect([tournamentSize, strategy]).toEqual([2, 'nsga2']);
    expect(better(member(0, 0.1, 9), member(1, Infinity, 0))).toBe(true);
    expect(better(member(1, 0.5, 9), member(1, 0.2, 0))).toBe(true);
    expect(better(member(1, 0.2, 0), member(1, 0.2, 9))).toBe(false);
    const pool = [member(0, Infinity, 0), member(0, 0.1, 1), member(1, Infinity, 2), member(2, Infinity, 3)];
    const rng = new Rng(3);
    const picks = Array.from({ length: 800 }, () => tournament(pool, 2, rng, better).loss);
    const count = (loss: number): number => picks.filter((l) => l === loss).length;
    // Binary tournament with replacement: the best wins 7/16, then 5/16, 3/16, 1/16.
    expect(count(0)).toBeGreaterThan(count(1));
    expect(count(1)).toBeGreaterThan(count(2));
    expect(count(2)).toBeGreaterThan(count(3));
    expect(count(3)).toBeLessThan(100);
  });

  it('single objective with constraints: feasible trials first, then by loss, tournaments of tournament_size', () => {
    const completed = [trial(0, [0], [0.3]), trial(1, [5], [-1]), trial(2, [3], [-0.1]), trial(3, [-1], [0.1])].map((t) => ({ ...t, losses: undefined }));
    const selection = selectionFor(inputFor(continuousSpace, { completed, constraintCount: 1 }), continuousSpace, 3, 4);
    expect(selection.pool.map((p) => p.number)).toEqual([2, 1, 3]);
    expect([selection.strategy, selection.tournamentSize]).toEqual(['genetic', 4]);
    expect(selection.better(selection.pool[1]!, selection.pool[2]!)).toBe(true);
  });

  it('says nsga2 in every reason, breeds children once the population is full, and is deterministic', async () => {
    expect(geneticFactory.multiObjective).toBe(true);
    const shape = { objectives: 2, constraints: 1 };
    const early = await samplerOf('genetic', continuousSpace).suggest(inputFor(continuousSpace, { count: 2, objectiveCount: 2, constraintCount: 1 }));
    expect(early.map((s) => s.reason)).toEqual([
      { strategy: 'nsga2', detail: 'initial population: sobol point 0' },
      { strategy: 'nsga2', detail: 'initial population: sobol point 1' },
    ]);
    const completed = withOutcomes(conditionalSpace, randomHistory(conditionalSpace, 40, 5), shape);
    const input = inputFor(conditionalSpace, { completed, count: 6, seed: 9, objectiveCount: 2, constraintCount: 1 });
    const out = await samplerOf('genetic', conditionalSpace).suggest(input);
    for (const s of out) {
      expect(s.reason.strategy).toBe('nsga2');
      expect(s.reason.detail).toMatch(/^child of trials \d+ \(rank \d+\) and \d+ \(rank \d+\) by crowded tournament$/);
      expectInSpace(conditionalSpace, s.params);
    }
    expect(await samplerOf('genetic', conditionalSpace).suggest(input)).toEqual(out);
  });
});

import { onPlateau } from '../../../../src/samplers/gp/plateau';
import { validateSpace } from '../../../../src/core/space';
import { gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import type { ObservedTrial, Suggestion } from '../../../../src/samplers/sampler';

/** Complete trials numbered 0.. with the given losses (params are irrelevant to the rule). */
function trials(losses: number[]): ObservedTrial[] {
  return losses.map((loss, number) => ({ number, params: { x: number }, loss }));
}

describe('onPlateau', () => {
  const flat = (n: number): number[] => Array.from({ length: n }, () => 0.312);

  it('holds once the latest trials tie, half of all tie and the best is 10 trials old', () => {
    // The best (0.312) first reached at trial 2, the latest trial is 12.
    expect(onPlateau(trials([0.337, 0.333, ...flat(11)]))).toBe(true);
    // The best reached at trial 0 and never improved: 11 trials on.
    expect(onPlateau(trials([0.3, ...flat(9), 0.35, ...flat(3)]))).toBe(true);
  });

  it('reads the latest trials by number, not by order', () => {
    const history = trials([0.4, ...flat(12)]);
    history.push({ number: 13, params: { x: 13 }, loss: 0.5 });
    expect(onPlateau(history)).toBe(false);
    expect(onPlateau([...history].reverse())).toBe(false);
    expect(onPlateau([...trials([0.4, ...flat(12)])].reverse())).toBe(true);
  });

  it('does not hold for a recent improvement, a minority level or losses that differ', () => {
    // The best (0.312) first reached 9 trials before the latest: not yet stale.
    expect(onPlateau(trials([0.4, 0.4, ...flat(10)]))).toBe(false);
    // 3 ties at 0.5 among 12 trials of other values: a minority.
    expect(onPlateau(trials([0.1, 0.2, 0.3, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.5, 0.5, 0.5]))).toBe(false);
    expect(onPlateau(trials(Array.from({ length: 30 }, (_, i) => 1 / (i + 1))))).toBe(false);
    expect(onPlateau(trials([0.312, 0.312]))).toBe(false);
  });
});

describe('a gp study on a plateau of a small discrete space', () => {
  it('hands out no configuration twice while unevaluated ones remain', async () => {
    const space = validateSpace({ a: { type: 'int', low: 1, high: 4 }, b: { type: 'int', low: 1, high: 4 }, c: { type: 'categorical', choices: ['u', 'v'] } });
    const sampler = gpFactory.create(gpFactory.normalize({}, space), space);
    const completed: ObservedTrial[] = [];
    let plateauPoints = 0;
    for (let i = 0; i < 24; i++) {
      const [s] = await sampler.suggest({ space, completed, pruned: [], pending: [], count: 1, seed: 100 + i, trialCount: i, studySeed: 4, budget: { deadlineMs: 30000, now: () => performance.now() } });
      const params = (s as Suggestion).params;
      if ((s as Suggestion).reason.fallback?.startsWith('plateau')) plateauPoints++;
      if (i >= 5) expect(completed.some((t) => JSON.stringify(t.params) === JSON.stringify(params))).toBe(false);
      completed.push({ number: i, params, loss: 1 });
    }
    expect(plateauPoints).toBeGreaterThan(0);
  });
});

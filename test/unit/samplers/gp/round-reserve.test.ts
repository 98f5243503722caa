import { BEYOND_DETAIL, gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import type { SamplerInput, Suggestion } from '../../../../src/samplers/sampler';
import { dipSpace, polishedHistory } from './polished-dip';

/**
 * A clock that advances one "millisecond" at every reading: the sampler reads it around its
 * searches and inside them (each local search checks whether to stop), so its time grows with the
 * work done, the same on every machine.
 */
function countingClock(): () => number {
  let t = 0;
  return () => ++t;
}

/** A round of `count` points of the default gp sampler on the polished two-dip history. */
function round(count: number, budget: Omit<SamplerInput['budget'], 'now'>): Promise<Suggestion[]> {
  const completed = polishedHistory();
  const input: SamplerInput = { space: dipSpace, completed, pruned: [], pending: [], count, seed: 3, trialCount: completed.length, studySeed: 9, budget: { ...budget, now: countingClock() } };
  return gpFactory.create(gpFactory.normalize({}, dipSpace), dipSpace).suggest(input);
}

const SOBOL = 'deadline reached before the acquisition search';
const CUT = 'deadline: local search stopped early';

describe('a round of many points keeps time for every point (issue 11)', () => {
  it('refinements give way before a point of the round is left to the Sobol fallback', async () => {
    // The whole round, refinements (boundary slopes, searches beyond the converged basin) and all.
    const clock = countingClock();
    const completed = polishedHistory();
    const free = await gpFactory.create(gpFactory.normalize({}, dipSpace), dipSpace).suggest({ space: dipSpace, completed, pruned: [], pending: [], count: 12, seed: 3, trialCount: completed.length, studySeed: 9, budget: { deadlineMs: 1e9, now: clock } });
    const fullCost = clock();
    expect(free.every((s) => s.reason.fallback === undefined)).toBe(true);
    // A third of that: the refinements cannot all fit, the plain searches can (on the old code,
    // refinements ran to 85% of the deadline and the last points fell to the Sobol fallback).
    const tight = await round(12, { deadlineMs: Math.round(fullCost / 3) });
    expect(tight.filter((s) => s.reason.fallback === SOBOL)).toEqual([]);
    expect(tight.every((s) => s.reason.predicted_mean !== undefined)).toBe(true);
    expect(tight.some((s) => s.reason.fallback === CUT)).toBe(true);
  });

  it('ends its refinements by refineMs (the first fallback of the round) but still draws every point', async () => {
    const free = await round(6, { deadlineMs: 1e9 });
    expect(free.some((s) => s.reason.fallback === CUT)).toBe(false);
    expect(free.filter((s) => s.reason.detail === BEYOND_DETAIL).length).toBeGreaterThan(0);
    const early = await round(6, { deadlineMs: 1e9, refineMs: 50 });
    expect(early.every((s) => s.reason.predicted_mean !== undefined && s.reason.fallback !== SOBOL)).toBe(true);
    // The points that would have searched beyond the basin (odd trial numbers) were refused it.
    expect(early.filter((s) => s.reason.detail === BEYOND_DETAIL)).toEqual([]);
    expect(early.filter((_, k) => (polishedHistory().length + k) % 2 === 1).every((s) => s.reason.fallback === CUT)).toBe(true);
  });
});

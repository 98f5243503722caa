import { benchmarkFunction } from '../../../../bench/functions';
import { Rng } from '../../../../src/core/rng';
import { BEYOND_DETAIL, gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import type { ObservedTrial } from '../../../../src/samplers/sampler';

/**
 * q = 8 rounds of gp-ei on Hartmann6 (8 rounds: the Sobol design, then 7 model rounds) and, over
 * the model rounds, the followers (a round's points after its first, other than the ones sent
 * beyond a converged basin) that improve on the best trial before their round, and how many
 * followers there were.
 */
async function followersImproving(seed: number): Promise<{ improving: number; followers: number }> {
  const fn = benchmarkFunction('hartmann6');
  const sampler = gpFactory.create(gpFactory.normalize({ acquisition: 'ei' }, fn.space), fn.space);
  const studySeed = new Rng(seed).nextUint32();
  const completed: ObservedTrial[] = [];
  let best = Infinity;
  let improving = 0;
  let followers = 0;
  for (let round = 0; round < 8; round++) {
    const n = completed.length;
    const out = await sampler.suggest({
      space: fn.space, completed: [...completed], pruned: [], pending: [], count: 8, trialCount: n, studySeed,
      seed: (studySeed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0, budget: { deadlineMs: 60_000, now: () => performance.now() },
    });
    const values = out.map((s) => fn.evaluate(s.params));
    if (round > 0) {
      out.forEach((s, i) => {
        if (i === 0 || s.reason.detail === BEYOND_DETAIL) return;
        followers++;
        if ((values[i] as number) < best) improving++;
      });
    }
    out.forEach((s, i) => completed.push({ number: n + i, params: s.params, loss: values[i] as number }));
    best = Math.min(best, ...values);
  }
  return { improving, followers };
}

describe('gp batches: the followers search around the round', () => {
  it('most followers of q = 8 rounds on Hartmann6 (over 65%) improve on the best trial before their round', async () => {
    // Before the followers perturbed the round's chosen points (only the best trials): 43% on these
    // seeds (70 of 161), 60% after (92 of 154), 71% (110 of 154) once the spacing of a round's
    // points followed the fitted noise instead of a fixed 0.005 sqrt(d).
    let improving = 0;
    let followers = 0;
    for (const seed of [1, 2, 3, 4]) {
      const run = await followersImproving(seed);
      improving += run.improving;
      followers += run.followers;
    }
    expect(followers).toBeGreaterThan(100);
    expect(improving / followers).toBeGreaterThan(0.65);
  }, 60_000);
});

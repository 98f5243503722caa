import { validateSpace } from '../../../src/core/space';
import type { Params } from '../../../src/domain/space';
import type { ObservedTrial, SamplerInput } from '../../../src/samplers/sampler';
import { samplerOf } from '../../../src/testing/sampler-contract';

/** 6 configurations: an int of 3 values and a categorical of 2 (the gp's initial design is 5). */
const tiny = validateSpace({ a: { type: 'int', low: 1, high: 3 }, c: { type: 'categorical', choices: ['u', 'v'] } });
const key = (p: Params): string => JSON.stringify([p['a'], p['c']]);

function input(studySeed: number, trialCount: number, history: Partial<SamplerInput>): SamplerInput {
  return { space: tiny, completed: [], pruned: [], pending: [], count: 1, seed: 100 + trialCount, trialCount, studySeed, budget: { deadlineMs: 30000, now: () => performance.now() }, ...history };
}

describe.each(['gp', 'auto'])('the %s sampler on a space of 6 configurations', (type) => {
  it('hands out 6 distinct configurations in its first 6 asks, on every study seed', async () => {
    // Before the design skipped seen configurations, 11 of 96 of these points repeated an earlier trial.
    for (let studySeed = 0; studySeed < 16; studySeed++) {
      const sampler = samplerOf(type, tiny, {});
      const completed: ObservedTrial[] = [];
      for (let i = 0; i < 6; i++) {
        const [s] = await sampler.suggest(input(studySeed, i, { completed }));
        completed.push({ number: i, params: s!.params, loss: (i * 7) % 5 });
      }
      expect(new Set(completed.map((t) => key(t.params))).size).toBe(6);
    }
  });

  it('keeps its design off failed, pruned and pending configurations, and a batch off itself', async () => {
    const all: Params[] = [1, 2, 3].flatMap((a) => ['u', 'v'].map((c) => ({ a, c })));
    const [failed, pruned, pending] = all as [Params, Params, Params];
    for (let studySeed = 0; studySeed < 16; studySeed++) {
      const history = { failed: [{ number: 0, params: failed }], pruned: [{ number: 1, params: pruned, loss: 1 }], pending: [pending] };
      const batch = await samplerOf(type, tiny, {}).suggest({ ...input(studySeed, 3, history), count: 3 });
      const keys = batch.map((s) => key(s.params));
      expect(new Set([...keys, key(failed), key(pruned), key(pending)]).size).toBe(6);
    }
  });
});

import fc from 'fast-check';
import { validateParams, validateSpace } from '../../../src/core/space';
import type { SearchSpace } from '../../../src/domain/space';
import { SobolSampler, sobolFactory } from '../../../src/samplers/sobol';
import type { SamplerInput } from '../../../src/samplers/sampler';

const space: SearchSpace = validateSpace({
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  layers: { type: 'int', low: 1, high: 3 },
  opt: { type: 'categorical', choices: ['sgd', 'adam'] },
  momentum: { type: 'float', low: 0, high: 0.99, condition: { parent: 'opt', values: ['sgd'] } },
});

function input(trialCount: number, count: number, studySeed = 42): SamplerInput {
  return {
    space, completed: [], pruned: [], pending: [], count, seed: trialCount * 31 + 1, trialCount, studySeed,
    budget: { deadlineMs: 1000, now: () => 0 },
  };
}

describe('sobol sampler', () => {
  const sampler = new SobolSampler();

  it('continues one sequence across asks: count=3 at 5 equals three asks at 5, 6, 7', async () => {
    const batch = await sampler.suggest(input(5, 3));
    const single = [await sampler.suggest(input(5, 1)), await sampler.suggest(input(6, 1)), await sampler.suggest(input(7, 1))];
    expect(batch.map((s) => s.params)).toEqual(single.map((s) => (s[0] as { params: unknown }).params));
  });

  it('is deterministic given the study seed, whatever the per-ask seed', async () => {
    const a = await sampler.suggest(input(9, 2));
    const b = await sampler.suggest({ ...input(9, 2), seed: 123456 });
    expect(a).toEqual(b);
    const other = await sampler.suggest(input(9, 2, 43));
    expect(other.map((s) => s.params)).not.toEqual(a.map((s) => s.params));
  });

  it('returns valid params with exactly the active parameters (conditional-aware)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 1, max: 8 }), async (start, count) => {
        const out = await sampler.suggest(input(start, count));
        expect(out).toHaveLength(count);
        for (const s of out) {
          expect(validateParams(space, s.params)).toEqual(s.params);
          expect('momentum' in s.params).toBe(s.params.opt === 'sgd');
          expect(s.reason.strategy).toBe('sobol');
        }
      }),
      { numRuns: 30 },
    );
  });

  it('covers both categorical choices and all int values evenly over 16 points', async () => {
    const out = await sampler.suggest(input(0, 16));
    const opts = out.map((s) => s.params.opt);
    expect(opts.filter((o) => o === 'sgd')).toHaveLength(8);
    const layers = new Set(out.map((s) => s.params.layers));
    expect(layers.size).toBe(3);
  });

  it('takes no options', () => {
    expect(sobolFactory.normalize({}, space)).toEqual({});
    expect(() => sobolFactory.normalize({ beta: 1 }, space)).toThrow(/beta/);
  });
});

/// <reference types="jest" />
import fc from 'fast-check';
import type { SearchSpace } from '../domain/space';
import { createSampler, normalizeSamplerConfig } from '../samplers/registry';
import type { Sampler } from '../samplers/sampler';
import type { ObservedTrial, SamplerInput } from '../samplers/sampler';
import { arbitrarySpace, conditionalSpace, continuousSpace, expectInSpace, inputFor as plainInput, paramsKey, randomHistory, withOutcomes, type OutcomeShape } from './sampler-kit';

/** The sampler of a registered type with the given options (normalised as at study creation). */
export function samplerOf(type: string, space: SearchSpace, options: Record<string, unknown> = {}): Sampler {
  return createSampler(normalizeSamplerConfig({ type, ...options }, space), space);
}

/**
 * The properties every strategy promises (docs/reliability.md P6, sampler.ts): params inside the
 * space with exactly the active parameters (fast-check over random, also conditional, spaces and
 * histories of 0 to `maxHistory` trials, `runs` cases), reproducible for a seed, and a batch of distinct points
 * that also avoids pending ones on a continuous space. With `shape`, the same properties on a study
 * of that many objectives and constraints (trials carry losses and slacks, see withOutcomes).
 */
export function samplerContract(type: string, maxHistory: number, runs = 50, shape?: OutcomeShape): void {
  const history = (space: SearchSpace, n: number, seed: number): ObservedTrial[] => (shape ? withOutcomes(space, randomHistory(space, n, seed), shape) : randomHistory(space, n, seed));
  const inputFor = (space: SearchSpace, overrides: Partial<SamplerInput>): SamplerInput =>
    plainInput(space, shape ? { objectiveCount: shape.objectives, constraintCount: shape.constraints, ...overrides } : overrides);
  it('suggests params inside the space, conditional ones exactly when active (random spaces)', async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySpace, fc.integer({ min: 0, max: maxHistory }), fc.nat(), async (space, n, seed) => {
        const completed = history(space, n, seed);
        const pending = completed.slice(0, 2).map((t) => t.params);
        const out = await samplerOf(type, space).suggest(inputFor(space, { completed, pending, count: 3, seed, trialCount: n + 2 }));
        expect(out).toHaveLength(3);
        for (const s of out) expectInSpace(space, s.params);
      }),
      { numRuns: runs },
    );
  });

  it('is reproducible for a seed and varies with it (conditional space)', async () => {
    const completed = history(conditionalSpace, maxHistory, 4);
    const input = inputFor(conditionalSpace, { completed, count: 3, seed: 8, studySeed: 8 });
    const first = await samplerOf(type, conditionalSpace).suggest(input);
    for (const s of first) expectInSpace(conditionalSpace, s.params);
    expect(await samplerOf(type, conditionalSpace).suggest(input)).toEqual(first);
    expect(await samplerOf(type, conditionalSpace).suggest({ ...input, seed: 9, studySeed: 9 })).not.toEqual(first);
  });

  it('gives a batch of distinct points, none equal to a pending one (continuous space)', async () => {
    for (const n of [0, maxHistory]) {
      const completed = history(continuousSpace, n, 6);
      const pending = (await samplerOf(type, continuousSpace).suggest(inputFor(continuousSpace, { completed, count: 4, seed: 1 }))).map((s) => s.params);
      const out = await samplerOf(type, continuousSpace).suggest(inputFor(continuousSpace, { completed, pending, count: 8, seed: 2, trialCount: n + 4 }));
      const keys = new Set([...pending, ...out.map((s) => s.params)].map(paramsKey));
      expect(keys.size).toBe(12);
    }
  });

  it('survives hostile histories: duplicates, constant, huge and tiny losses, a single trial', async () => {
    const base = history(continuousSpace, 12, 2);
    const losses = (t: ObservedTrial, loss: number): ObservedTrial => ({ ...t, loss, ...(t.losses ? { losses: t.losses.map((_, k) => (k % 2 ? -loss : loss)) } : {}) });
    const histories = [
      base.slice(0, 1),
      base.map((t) => losses(t, 1)),
      base.map((t, i) => losses(t, i % 2 ? 1e300 : -1e300)),
      base.map((t, i) => ({ ...losses(t, i * 1e-300), params: base[0]!.params })),
    ];
    for (const completed of histories) {
      const out = await samplerOf(type, continuousSpace).suggest(inputFor(continuousSpace, { completed, count: 2, seed: 3 }));
      for (const s of out) expectInSpace(continuousSpace, s.params);
      expect(new Set(out.map((s) => paramsKey(s.params))).size).toBe(2);
    }
  });
}

import fc from 'fast-check';
import type { DomainError } from '../../../src/domain/errors';
import { createSampler, normalizeSamplerConfig } from '../../../src/samplers/registry';
import { recencyWeights, splitGoodBad } from '../../../src/samplers/tpe/good-bad-split';
import { erfc, sampleTruncatedNormal, truncatedNormalLogPdf } from '../../../src/samplers/tpe/truncated-normal';
import { Rng } from '../../../src/core/rng';
import type { SearchSpace } from '../../../src/domain/space';
import type { Sampler } from '../../../src/samplers/sampler';
import { samplerContract } from '../../../src/testing/sampler-contract';
import { arbitrarySpace, conditionalSpace, continuousSpace, expectInSpace, inputFor, offCentreLoss, randomHistory } from '../../../src/testing/sampler-kit';

function tpe(space: SearchSpace, options: Record<string, unknown> = {}): Sampler {
  return createSampler(normalizeSamplerConfig({ type: 'tpe', ...options }, space), space);
}

describe('tpe sampler', () => {
  samplerContract('tpe', 30);

  it('univariate and multivariate both keep params in the space past start-up (random spaces)', async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySpace, fc.integer({ min: 10, max: 30 }), fc.boolean(), async (space, n, multivariate) => {
        const completed = randomHistory(space, n, n + 1);
        const out = await tpe(space, { multivariate }).suggest(inputFor(space, { completed, count: 2, pending: completed.slice(0, 2).map((t) => t.params) }));
        expect(out).toHaveLength(2);
        for (const s of out) expectInSpace(space, s.params);
      }),
      { numRuns: 60 },
    );
  });

  it('uses the model past startup on a conditional space and stays reproducible', async () => {
    const completed = randomHistory(conditionalSpace, 40, 9);
    const input = inputFor(conditionalSpace, { completed, count: 4, seed: 11 });
    const first = await tpe(conditionalSpace).suggest(input);
    expect(first[0]!.reason).toMatchObject({ strategy: 'tpe', acquisition: 'log l(x) - log g(x)' });
    for (const s of first) expectInSpace(conditionalSpace, s.params);
    expect(await tpe(conditionalSpace).suggest(input)).toEqual(first);
    const otherSeed = await tpe(conditionalSpace).suggest({ ...input, seed: 12 });
    expect(otherSeed).not.toEqual(first);
  });

  it('concentrates on the good region: its suggestions beat the best quarter of the history', async () => {
    const completed = randomHistory(continuousSpace, 60, 21);
    const quartile = completed.map((t) => t.loss).sort((a, b) => a - b)[15]!;
    const out = await tpe(continuousSpace).suggest(inputFor(continuousSpace, { completed, count: 10, seed: 2 }));
    const meanLoss = out.reduce((s, x) => s + offCentreLoss(continuousSpace, x.params), 0) / out.length;
    expect(meanLoss).toBeLessThan(quartile);
  });

  it('past the ask deadline scores one candidate and draws the rest of the batch at random', async () => {
    const completed = randomHistory(continuousSpace, 30, 3);
    let clock = 0;
    const out = await tpe(continuousSpace).suggest(inputFor(continuousSpace, { completed, count: 3, budget: { deadlineMs: 0, now: () => clock++ } }));
    expect(out[0]!.reason.acquisition).toBe('log l(x) - log g(x)');
    expect(out.slice(1).map((s) => s.reason.fallback)).toEqual(['ask deadline passed: random draw', 'ask deadline passed: random draw']);
    for (const s of out) expectInSpace(continuousSpace, s.params);
  });

  it('splits by loss with pruned trials and liars in the bad group; recent trials weigh more', () => {
    const completed = [5, 1, 3, 2, 4].map((loss, number) => ({ number, params: { x: number }, loss }));
    const pruned = [{ number: 5, params: { x: 5 }, loss: 0 }];
    const split = splitGoodBad({ completed, pruned }, 0.33, 25, [{ x: 9 }]);
    expect(split.good).toEqual([{ x: 1 }, { x: 3 }]);
    expect(split.bad).toEqual([{ x: 0 }, { x: 2 }, { x: 4 }, { x: 5 }, { x: 9 }]);
    expect(recencyWeights(3)).toEqual([1, 1, 1]);
    const w = recencyWeights(40);
    expect(w).toHaveLength(40);
    expect(w[0]).toBeCloseTo(1 / 40);
    expect(w.slice(15).every((x) => x === 1)).toBe(true);
  });

  it('truncated normal: erfc accurate, density integrates to one, draws stay inside', () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(erfc(-2)).toBeCloseTo(1.995322265, 6);
    let integral = 0;
    const steps = 20000;
    for (let i = 0; i < steps; i++) integral += Math.exp(truncatedNormalLogPdf(-1 + (3 * (i + 0.5)) / steps, 1.5, 0.7, -1, 2)) * (3 / steps);
    expect(integral).toBeCloseTo(1, 3);
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) {
      const x = sampleTruncatedNormal(rng, 0, 5, -1, 1);
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  it('validates options with a field naming the option', () => {
    const fieldOf = (options: Record<string, unknown>): string | undefined => {
      try {
        normalizeSamplerConfig({ type: 'tpe', ...options }, continuousSpace);
      } catch (e) {
        return (e as DomainError).field;
      }
      return undefined;
    };
    expect(fieldOf({ n_startup_trials: -1 })).toBe('sampler.n_startup_trials');
    expect(fieldOf({ n_ei_candidates: 2.5 })).toBe('sampler.n_ei_candidates');
    expect(fieldOf({ gamma: 0 })).toBe('sampler.gamma');
    expect(fieldOf({ multivariate: 'yes' })).toBe('sampler.multivariate');
    expect(fieldOf({ bandwith: 1 })).toBe('sampler.bandwith');
    expect(normalizeSamplerConfig({ type: 'tpe' }, continuousSpace)).toMatchObject({ type: 'tpe', n_startup_trials: 10, n_ei_candidates: 24, multivariate: true });
  });
});

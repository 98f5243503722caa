import type { DomainError } from '../../../src/domain/errors';
import { validateSpace } from '../../../src/core/space';
import { gpFactory } from '../../../src/samplers/gp/gp-sampler';
import { DEFAULT_SAMPLER_TYPE, normalizeSamplerConfig } from '../../../src/samplers/registry';
import type { SearchSpace } from '../../../src/domain/space';
import type { Suggestion } from '../../../src/samplers/sampler';
import { autoFactory } from '../../../src/samplers/auto';
import { continuousSpace, expectInSpace, inputFor, randomHistory, withOutcomes } from '../../../src/testing/sampler-kit';
import { samplerContract, samplerOf } from '../../../src/testing/sampler-contract';

describe('auto sampler', () => {
  samplerContract('auto', 12, 12);

  it('is the default strategy', () => {
    expect(DEFAULT_SAMPLER_TYPE).toBe('auto');
  });

  it('goes Sobol, then GP, then TPE past gp_max_trials, and says so in the reason', async () => {
    const initial = gpFactory.normalize({}, continuousSpace)['n_initial'] as number;
    const sampler = samplerOf('auto', continuousSpace, { gp_max_trials: initial + 5 });
    const at = async (n: number): Promise<string> => {
      const [s] = await sampler.suggest(inputFor(continuousSpace, { completed: randomHistory(continuousSpace, n, 3), seed: n }));
      expect(s!.reason.strategy).toBe('auto');
      expectInSpace(continuousSpace, s!.params);
      return s!.reason.detail ?? '';
    };
    expect(await at(2)).toBe(`sobol (n=2 < initial design ${initial}): sobol point 2`);
    expect(await at(initial + 2)).toMatch(new RegExp(`^gp \\(n=${initial + 2} <= ${initial + 5}\\)`));
    expect(await at(initial + 6)).toMatch(new RegExp(`^tpe \\(n=${initial + 6} > ${initial + 5}\\)`));
  });

  it('uses TPE from the end of the initial design on a space wider than gp_max_dims', async () => {
    const wide = validateSpace(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }])));
    const sampler = samplerOf('auto', wide, { gp_max_dims: 4 });
    const initial = gpFactory.normalize({}, wide)['n_initial'] as number;
    const [s] = await sampler.suggest(inputFor(wide, { completed: randomHistory(wide, initial, 1) }));
    expect(s!.reason.detail).toMatch(/^tpe \(d=5 > 4\)/);
    expect(s!.reason.acquisition).toBe('log l(x) - log g(x)');
  });

  it('on a multi-objective study goes Sobol, then GP, then NSGA-II past gp_max_trials or gp_max_dims', async () => {
    const initial = gpFactory.normalize({}, continuousSpace)['n_initial'] as number;
    const shape = { objectives: 2, constraints: 1 };
    const at = async (space: SearchSpace, options: Record<string, unknown>, n: number): Promise<Suggestion> => {
      const completed = withOutcomes(space, randomHistory(space, n, 3), shape);
      const [s] = await samplerOf('auto', space, options).suggest(inputFor(space, { completed, seed: n, objectiveCount: 2, constraintCount: 1 }));
      expect(s!.reason.strategy).toBe('auto');
      expectInSpace(space, s!.params);
      return s!;
    };
    expect((await at(continuousSpace, {}, 2)).reason.detail).toMatch(/^sobol/);
    expect((await at(continuousSpace, { gp_max_trials: initial + 5 }, initial + 2)).reason.detail).toMatch(new RegExp(`^gp \\(n=${initial + 2} <= ${initial + 5}\\)`));
    expect((await at(continuousSpace, { gp_max_trials: initial + 5 }, initial + 6)).reason.detail).toMatch(new RegExp(`^nsga2 \\(n=${initial + 6} > ${initial + 5}\\): child of trials`));
    expect((await at(continuousSpace, { gp_max_dims: 2 }, initial)).reason.detail).toMatch(/^nsga2 \(d=3 > 2\)/);
    expect(autoFactory.multiObjective).toBe(true);
  });

  it('validates options with a field naming the option', () => {
    const fieldOf = (o: Record<string, unknown>): string | undefined => {
      try {
        normalizeSamplerConfig({ type: 'auto', ...o }, continuousSpace);
      } catch (e) {
        return (e as DomainError).field;
      }
      return undefined;
    };
    expect(fieldOf({ gp_max_trials: -1 })).toBe('sampler.gp_max_trials');
    expect(fieldOf({ gp_max_dims: 'x' })).toBe('sampler.gp_max_dims');
    expect(fieldOf({ acquisition: 'ei' })).toBe('sampler.acquisition');
  });
});

import type { DomainError } from '../../../src/domain/errors';
import { validateSpace } from '../../../src/core/space';
import { Rng } from '../../../src/core/rng';
import { crossover, mutate, tournament } from '../../../src/samplers/genetic/genetic-operators';
import { normalizeSamplerConfig } from '../../../src/samplers/registry';
import { conditionalSpace, continuousSpace, expectInSpace, inputFor, offCentreLoss, randomHistory } from '../../../src/testing/sampler-kit';
import { samplerContract, samplerOf } from '../../../src/testing/sampler-contract';

describe('genetic sampler', () => {
  samplerContract('genetic', 30);

  it('starts with Sobol points, then breeds children near the good trials', async () => {
    const early = await samplerOf('genetic', continuousSpace).suggest(inputFor(continuousSpace, { count: 2 }));
    expect(early[0]!.reason.detail).toMatch(/sobol/);
    const completed = randomHistory(continuousSpace, 60, 3);
    const quartile = completed.map((t) => t.loss).sort((a, b) => a - b)[15]!;
    const out = await samplerOf('genetic', continuousSpace).suggest(inputFor(continuousSpace, { completed, count: 10, seed: 4 }));
    expect(out[0]!.reason.detail).toMatch(/child/);
    const meanLoss = out.reduce((s, x) => s + offCentreLoss(continuousSpace, x.params), 0) / out.length;
    expect(meanLoss).toBeLessThan(quartile);
  });

  it('tournament selection prefers lower losses', () => {
    const pool = [0, 1, 2, 3].map((loss) => ({ unit: Float64Array.of(loss / 4), loss }));
    const rng = new Rng(5);
    const picks = Array.from({ length: 400 }, () => tournament(pool, 2, rng).loss);
    const best = picks.filter((l) => l === 0).length;
    const worst = picks.filter((l) => l === 3).length;
    expect(best).toBeGreaterThan(2 * worst);
  });

  it('crossover takes a gene only from a parent where it is active; children stay valid', () => {
    const space = conditionalSpace;
    const rng = new Rng(2);
    const linear = { model: 'linear', alpha: 0.01, lr: 0.001 };
    const net = { model: 'net', layers: 2, width: 64, dropout: 0.2, lr: 0.01 };
    const encode = (p: Record<string, unknown>): Float64Array => Float64Array.from(Object.keys(space), (name) => (p[name] === undefined ? NaN : 0.5));
    const child = crossover(space, encode(linear), encode(net), 'blend', 0.5, rng);
    expect(Number.isNaN(child[2]!)).toBe(true); // depth: active in neither parent
    expect(Number.isNaN(child[1]!)).toBe(false); // alpha: from the linear parent
    for (let i = 0; i < 50; i++) {
      const mutated = mutate(space, child, 0.5, new Float64Array(7).fill(0.1), true, rng);
      expect(mutated.some((u, j) => u !== child[j] && !Number.isNaN(u))).toBe(true);
    }
  });

  it('children on a conditional space drop parameters their choices switch off', async () => {
    const completed = randomHistory(conditionalSpace, 40, 12);
    const out = await samplerOf('genetic', conditionalSpace).suggest(inputFor(conditionalSpace, { completed, count: 20, seed: 3 }));
    for (const s of out) expectInSpace(conditionalSpace, s.params);
    expect(new Set(out.map((s) => s.params['model'])).size).toBeGreaterThan(1);
  });

  it('validates options with a field naming the option', () => {
    const space = validateSpace({ x: { type: 'float', low: 0, high: 1 } });
    const fieldOf = (options: Record<string, unknown>): string | undefined => {
      try {
        normalizeSamplerConfig({ type: 'genetic', ...options }, space);
      } catch (e) {
        return (e as DomainError).field;
      }
      return undefined;
    };
    expect(fieldOf({ population_size: 1 })).toBe('sampler.population_size');
    expect(fieldOf({ crossover: 'onepoint' })).toBe('sampler.crossover');
    expect(fieldOf({ mutation_rate: 2 })).toBe('sampler.mutation_rate');
    expect(fieldOf({ crossover_rate: -0.1 })).toBe('sampler.crossover_rate');
    expect(normalizeSamplerConfig({ type: 'genetic' }, space)).toMatchObject({ population_size: 8, crossover: 'blend', mutation_rate: 0.5 });
  });
});

import type { DomainError } from '../../../src/domain/errors';
import { validateSpace } from '../../../src/core/space';
import { replayClimb } from '../../../src/samplers/local-search/climb-state';
import { normalizeLocalSearchOptions } from '../../../src/samplers/local-search/local-search-options';
import { normalizeSamplerConfig } from '../../../src/samplers/registry';
import { localSearchFactory } from '../../../src/samplers/local-search';
import { continuousSpace, inputFor, observed } from '../../../src/testing/sampler-kit';
import { samplerContract, samplerOf } from '../../../src/testing/sampler-contract';

describe('local-search sampler', () => {
  samplerContract('local-search', 30);
  const options = normalizeLocalSearchOptions({});

  it('replays the step size: grows on success, shrinks on failure, restarts when stuck', () => {
    const losses = [5, 4, 3, 3.5];
    const state = replayClimb({ completed: observed(losses.map((loss) => ({ params: {}, loss }))), pruned: [] }, options);
    expect(state.incumbent?.loss).toBe(3);
    expect(state.step).toBeCloseTo(Math.min(options.max_step, options.initial_step * options.step_growth ** 2) * options.step_growth ** -0.25);
    const flat = (n: number): { completed: ReturnType<typeof observed>; pruned: [] } => ({ completed: observed([1, ...new Array(n).fill(2)].map((loss) => ({ params: {}, loss }))), pruned: [] });
    const patient = { ...options, min_step: 1e-9 };
    expect(replayClimb(flat(options.patience - 1), patient)).toMatchObject({ restarts: 0, failures: options.patience - 1 });
    expect(replayClimb(flat(options.patience), patient)).toMatchObject({ incumbent: null, restarts: 1, step: options.initial_step });
    const shrinking = replayClimb(flat(30), { ...options, patience: 1000 });
    expect(shrinking.restarts).toBe(1);
    expect(shrinking.incumbent?.loss).toBe(2);
    const pruned = replayClimb({ completed: observed([{ params: {}, loss: 1 }]), pruned: [{ number: 1, params: {}, loss: 0 }] }, options);
    expect(pruned.failures).toBe(1);
  });

  it('climbs from the incumbent: neighbours stay close to the best trial', async () => {
    const completed = observed([
      { params: { x: -0.9, y: 5, z: 4 }, loss: 3 },
      { params: { x: 0.5, y: 0.1, z: 1 }, loss: 1 },
    ]);
    const out = await samplerOf('local-search', continuousSpace, { initial_step: 0.05 }).suggest(inputFor(continuousSpace, { completed, count: 10 }));
    expect(out[0]!.reason.detail).toMatch(/neighbour of trial 1/);
    const closeToBest = out.filter((s) => Math.abs((s.params['x'] as number) - 0.5) < 0.8 && Math.abs((s.params['z'] as number) - 1) < 4).length;
    expect(closeToBest).toBe(10);
    const changedOne = out.filter((s) => s.params['y'] === 0.1 || s.params['x'] === 0.5 || s.params['z'] === 1).length;
    expect(changedOne).toBeGreaterThan(0);
  });

  it('ints move by at least one step and categoricals to another choice', async () => {
    const space = validateSpace({ n: { type: 'int', low: 1, high: 100 }, c: { type: 'categorical', choices: ['a', 'b', 'c'] } });
    const completed = observed([{ params: { n: 50, c: 'b' }, loss: 0 }]);
    const out = await samplerOf('local-search', space, { initial_step: 0.001 }).suggest(inputFor(space, { completed, count: 3 }));
    for (const s of out) {
      const moved = s.params['n'] !== 50 || s.params['c'] !== 'b';
      expect(moved).toBe(true);
      expect(Math.abs((s.params['n'] as number) - 50)).toBeLessThanOrEqual(1);
    }
  });

  it('on a constrained study the incumbent is the best by (total violation, loss): feasible beats infeasible', () => {
    const trials = [
      { loss: 1, constraints: [0.5] },
      { loss: 9, constraints: [0.2] },
      { loss: 5, constraints: [-1] },
      { loss: -3, constraints: [0.1] },
      { loss: 4, constraints: [-0.5] },
    ].map((t, number) => ({ number, params: {}, ...t }));
    const state = replayClimb({ completed: trials, pruned: [{ number: 5, params: {}, loss: null }] }, options);
    expect(state.incumbent?.number).toBe(4);
    expect(state.failures).toBe(1); // the pruned trial after it
    expect(localSearchFactory.multiObjective).toBeUndefined();
  });

  it('names an infeasible incumbent in the reason', async () => {
    const completed = [{ number: 0, params: { x: 0.5, y: 0.1, z: 1 }, loss: 1, constraints: [0.25] }];
    const [s] = await samplerOf('local-search', continuousSpace).suggest(inputFor(continuousSpace, { completed, constraintCount: 1 }));
    expect(s!.reason.detail).toMatch(/^neighbour of trial 0 \(loss 1, infeasible: violation 0.25\), step/);
  });

  it('validates options with a field naming the option', () => {
    const fieldOf = (o: Record<string, unknown>): string | undefined => {
      try {
        normalizeSamplerConfig({ type: 'local-search', ...o }, continuousSpace);
      } catch (e) {
        return (e as DomainError).field;
      }
      return undefined;
    };
    expect(fieldOf({ initial_step: 0 })).toBe('sampler.initial_step');
    expect(fieldOf({ step_growth: 1 })).toBe('sampler.step_growth');
    expect(fieldOf({ patience: 0.5 })).toBe('sampler.patience');
    expect(fieldOf({ radius: 1 })).toBe('sampler.radius');
  });
});

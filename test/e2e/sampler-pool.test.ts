import { join } from 'node:path';
import type * as PoolModule from '../../src/runtime/sampler-pool';
import type * as RegistryModule from '../../src/samplers/registry';
import type { SuggestJob } from '../../src/service/sampler-job';
import { CONTINUOUS_SPACE, objective, range } from './support/api';

// The threads need compiled JavaScript: load the pool from dist/ (built by global-setup).
const DIST = join(__dirname, '..', '..', 'dist', 'src');
let poolModule: typeof PoolModule;
let registry: typeof RegistryModule;

const space = CONTINUOUS_SPACE as never;

function history(n: number): SuggestJob['input']['completed'] {
  return range(n).map((i) => {
    const params = { x: ((i * 7) % 12) / 12 + i / 1000, y: (i % 5) - 2 + i / 997 };
    return { number: i, params, loss: objective(params) };
  });
}

function job(studyId: string, config: Record<string, unknown>, deadlineAt: number, count = 2, n = 12): SuggestJob {
  const normalized = registry.normalizeSamplerConfig(config as never, space);
  const input = { space, completed: history(n), pruned: [], pending: [], count, seed: 3, trialCount: n, studySeed: 3 };
  return { kind: 'suggest', studyId, config: normalized, input, deadline: { startedAt: Date.now(), at: deadlineAt } };
}

describe('SamplerPool on the compiled sampler threads', () => {
  let pool: PoolModule.SamplerPool;
  beforeAll(async () => {
    poolModule = (await import(join(DIST, 'runtime', 'sampler-pool.js'))) as typeof PoolModule;
    registry = (await import(join(DIST, 'samplers', 'registry.js'))) as typeof RegistryModule;
    pool = new poolModule.SamplerPool(poolModule.samplerThreadEntry() as string, 1);
  });
  afterAll(() => pool.close());

  it('finds the compiled entry and answers a GP job off the main thread, counting its fit', async () => {
    expect(poolModule.samplerThreadEntry()).toMatch(/dist\/src\/runtime\/sampler-thread\.js$/);
    const answer = await pool.run(job('a', { type: 'gp', seed: 3, n_initial: 4, candidates: 128 }, Date.now() + 5000));
    expect(answer.suggestions).toHaveLength(2);
    expect(answer.suggestions?.[0]?.reason.strategy).toBe('gp');
    expect(answer.suggestions?.[0]?.reason.fallback).toBeUndefined();
    expect(answer.fits).toBe(1);
    // The same history again: the thread kept the study's model, so no second fit.
    expect((await pool.run(job('a', { type: 'gp', seed: 3, n_initial: 4, candidates: 128 }, Date.now() + 5000))).fits).toBe(0);
  });

  it('gives a job that queued past its deadline only the cheap fallback', async () => {
    const answer = await pool.run(job('b', { type: 'gp', seed: 4, n_initial: 4 }, Date.now() - 10));
    expect(answer.suggestions).toHaveLength(2);
    expect(answer.suggestions?.every((s) => typeof s.reason.fallback === 'string')).toBe(true);
  });

  it('lets studies take turns: a study with many queued jobs does not hold back another', async () => {
    const done: string[] = [];
    const slow = (i: number) => pool.run(job('slow', { type: 'gp', seed: 10 + i, n_initial: 4 }, Date.now() + 20_000, 4, 150)).then(() => done.push(`slow${i}`));
    const runs = [slow(0), slow(1), slow(2), pool.run(job('quick', { type: 'tpe', seed: 1 }, Date.now() + 20_000)).then(() => done.push('quick'))];
    await Promise.all(runs);
    expect(done.indexOf('quick')).toBeLessThan(2);
  });

  it('passes DomainErrors back with their code, and starts a new thread after close()', async () => {
    const bad: SuggestJob = { ...job('c', { type: 'tpe' }, Date.now() + 5000), config: { type: 'no-such-sampler' } as never };
    await expect(pool.run(bad)).rejects.toMatchObject({ code: 'invalid_sampler' });
    await pool.close();
    expect((await pool.run(job('c', { type: 'tpe', seed: 1 }, Date.now() + 5000, 3))).suggestions).toHaveLength(3);
  });
});

import { join } from 'node:path';
import type * as RunnerModule from '../../src/service/sampler-runner';
import type * as RegistryModule from '../../src/samplers/registry';
import { CONTINUOUS_SPACE, objective, range } from './support/api';

// The worker thread needs compiled JavaScript: load the runner from dist/ (built by global-setup).
const DIST = join(__dirname, '..', '..', 'dist', 'src');
let runnerModule: typeof RunnerModule;
let registry: typeof RegistryModule;

const space = CONTINUOUS_SPACE as never;
const completed = range(12).map((i) => {
  const params = { x: (i * 7 % 12) / 12, y: (i % 5) - 2 };
  return { number: i, params, loss: objective(params) };
});

function job(config: Record<string, unknown>, deadlineAt: number, count = 2): RunnerModule.SamplerJob {
  return { config: config as never, space, deadlineAt, input: { space, completed, pruned: [], pending: [], count, seed: 3, trialCount: 12, studySeed: 3 } };
}

describe('WorkerRunner on the compiled sampler worker', () => {
  let entry: string | null;
  let runner: RunnerModule.WorkerRunner;
  const createSampler: typeof RegistryModule.createSampler = (...args) => registry.createSampler(...args);
  const normalizeSamplerConfig: typeof RegistryModule.normalizeSamplerConfig = (...args) => registry.normalizeSamplerConfig(...args);
  beforeAll(async () => {
    runnerModule = (await import(join(DIST, 'service', 'sampler-runner.js'))) as typeof RunnerModule;
    registry = (await import(join(DIST, 'samplers', 'registry.js'))) as typeof RegistryModule;
    entry = runnerModule.samplerWorkerEntry();
    runner = new runnerModule.WorkerRunner(entry as string);
  });
  afterAll(() => runner.close());

  it('finds the compiled entry and answers a GP job off the main thread', async () => {
    expect(entry).toMatch(/dist\/src\/service\/sampler-worker\.js$/);
    const config = normalizeSamplerConfig({ type: 'gp', seed: 3, n_initial: 4, candidates: 128 } as never, space);
    const out = await runner.run(job(config as never, Date.now() + 5000), createSampler(config, space));
    expect(out).toHaveLength(2);
    expect(out[0]?.reason.strategy).toBe('gp');
    expect(out[0]?.reason.fallback).toBeUndefined();
  });

  it('gives a job that queued past its deadline only the cheap fallback', async () => {
    const config = normalizeSamplerConfig({ type: 'gp', seed: 3, n_initial: 4 } as never, space);
    const out = await runner.run(job(config as never, Date.now() - 10), createSampler(config, space));
    expect(out).toHaveLength(2);
    expect(out.every((s) => typeof s.reason.fallback === 'string')).toBe(true);
  });

  it('passes DomainErrors back with their code, and starts a new worker after close()', async () => {
    const bad = job({ type: 'no-such-sampler' }, Date.now() + 5000);
    const random = createSampler(normalizeSamplerConfig({ type: 'tpe' } as never, space), space);
    await expect(runner.run(bad, random)).rejects.toMatchObject({ code: 'invalid_sampler' });
    await runner.close();
    const config = normalizeSamplerConfig({ type: 'tpe', seed: 1 } as never, space);
    expect(await runner.run(job(config as never, Date.now() + 5000, 3), createSampler(config, space))).toHaveLength(3);
  });
});

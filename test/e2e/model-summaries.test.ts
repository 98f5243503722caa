import { join } from 'node:path';
import type * as PoolModule from '../../src/runtime/sampler-pool';
import { Rng } from '../../src/core/rng';
import { silentObserver } from '../../src/service/observer';
import { StudyService } from '../../src/service/study-service';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { range } from './support/api';

// The threads need compiled JavaScript: load the pool from dist/ (built by global-setup).
const DIST = join(__dirname, '..', '..', 'dist', 'src');

/** Received a minute ago: past any deadline, so GET /model answers model_busy unless its answer is ready. */
const late = (): { receivedAt: number } => ({ receivedAt: Date.now() - 60_000 });

/**
 * GET /model on a real sampler thread, with every request already past its deadline: the first
 * request of a history and query gets model_busy and its job runs on; a retry on the same history
 * takes that job's answer instead of starting another job (which would miss its deadline again,
 * so that on a machine where a summary takes longer than the deadline /model would never answer).
 */
describe('GET /model keeps a late summary for the retry', () => {
  let service: StudyService;
  /** Summary jobs completed (the observer hears `fitted` once per completed job). */
  let jobsDone = 0;
  beforeAll(async () => {
    const poolModule = (await import(join(DIST, 'runtime', 'sampler-pool.js'))) as typeof PoolModule;
    const pool = new poolModule.SamplerPool(poolModule.samplerThreadEntry() as string, 1);
    service = new StudyService(new MemoryStorage(), { samplerRunner: pool, observer: { ...silentObserver, fitted: () => void (jobsDone += 1) } });
  });
  afterAll(async () => service?.close());

  /** Waits until `count` jobs have completed (30 s at most). */
  async function jobsReach(count: number): Promise<number> {
    for (const until = Date.now() + 30_000; jobsDone < count && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    return jobsDone;
  }

  it('answers a retry from the late job, joins one job per history and query, and starts a new one when the history grows', async () => {
    const study = await service.createStudy({ name: 'late-model', direction: 'minimize', space: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 }, z: { type: 'float', low: 0, high: 1 } } });
    const rng = new Rng(7);
    const tell = async (n: number): Promise<void> => {
      for (const _ of range(n)) {
        const params = { x: rng.next(), y: rng.next(), z: rng.next() };
        await service.addTrial(study.id, { params, value: (params.x - 0.3) ** 2 + (params.y - 0.6) ** 2 + 0.1 * params.z });
      }
    };
    await tell(12);
    const xy = { x: 'x', y: 'y', resolution: 8 };
    await expect(service.model(study.id, xy, late())).rejects.toMatchObject({ code: 'model_busy' });
    expect(await jobsReach(1)).toBe(1);
    const answered = await service.model(study.id, xy, late());
    expect(answered.complete_trials).toBe(12);
    expect(answered.contour?.mean).toHaveLength(8);
    expect(Object.values(answered.importances ?? {}).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    // Two concurrent requests of another query join one job; the retry then takes its answer.
    const yz = { x: 'y', y: 'z', resolution: 8 };
    const both = await Promise.allSettled([service.model(study.id, yz, late()), service.model(study.id, yz, late())]);
    expect(both.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(await jobsReach(2)).toBe(2);
    expect((await service.model(study.id, yz, late())).contour).toMatchObject({ x_param: 'y', y_param: 'z' });
    // The first query's answer is still kept.
    expect(await service.model(study.id, xy, late())).toEqual(answered);
    await new Promise((r) => setTimeout(r, 200));
    expect(jobsDone).toBe(2);
    // A new COMPLETE trial is a new history: a new job, whose answer counts it.
    await tell(1);
    await expect(service.model(study.id, xy, late())).rejects.toMatchObject({ code: 'model_busy' });
    expect(await jobsReach(3)).toBe(3);
    expect((await service.model(study.id, xy, late())).complete_trials).toBe(13);
  }, 60_000);
});

import { deadlineAfter } from '../../../src/domain/deadline';
import { numberedRound } from '../../../src/service/numbered-round';
import { silentObserver } from '../../../src/service/observer';
import { InlineRunner } from '../../../src/service/sampler-job';
import { StudyHistories } from '../../../src/service/study-histories';
import type { Study } from '../../../src/domain/study';
import type { Suggestion } from '../../../src/samplers/sampler';
import { SINGLE_PROCESS_BACKENDS, serviceForEachTest } from './single-process-backends';

/** `count` distinct points, as a numbered sampler draws them for the trial numbers after the count. */
const points = async (_history: unknown, count: number): Promise<Suggestion[]> =>
  Array.from({ length: count }, (_, i) => ({ params: { x: (i + 1) / 100 }, reason: { strategy: 'random' } }));

describe.each(SINGLE_PROCESS_BACKENDS)('numberedRound (%s)', (_name, open) => {
  const ctx = serviceForEachTest(open);

  it('an ask whose queued trial another ask claimed first gets a new trial instead of failing stale', async () => {
    // The snapshot saw one WAITING trial; by the commit another ask had claimed it. Before, the round
    // drew points only for what the WAITING trials left (none), so every commit came back stale and
    // the ask answered 503 storage_unavailable after its last attempt (seen with 100 concurrent asks
    // on 3 PostgreSQL replicas); here the snapshot stays stale on purpose, so the ask loses them all.
    const storage = ctx.storage();
    const created = await ctx.service().createStudy({ name: 'queued', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random', seed: 3 } });
    await ctx.service().addTrial(created.id, { params: { x: 0.5 } });
    const study = (await storage.getStudy(created.id)) as Study;
    const histories = new StudyHistories(storage);
    const stale = await histories.snapshot(study);
    expect(stale.waiting).toBe(1);
    const [claimedFirst] = await ctx.service().ask(created.id, {});
    expect(claimedFirst?.params).toEqual({ x: 0.5 });
    const now = (): number => Date.now();
    const settings = { storage, now, observer: silentObserver, runner: new InlineRunner(now), histories };
    const order = { clientId: null, requestKey: null, want: 1, deadline: deadlineAfter(now(), 5_000), salt: 0 };
    const round = await numberedRound(study, order, async () => stale, points, settings);
    expect(round.trials.map((t) => [t.number, t.params])).toEqual([[1, { x: 0.01 }]]);
    const counts = await storage.countTrials(created.id);
    expect(counts).toEqual({ total: 2, waiting: 0 });
  });

  it('an exhausted grid (on_exhausted: error) still hands out a queued trial', async () => {
    // The points drawn as a fallback for queued trials made the grid throw grid_exhausted (409)
    // though the queue could serve the ask.
    const study = await ctx.service().createStudy({ name: 'grid', space: { c: { type: 'categorical', choices: ['a', 'b'] } }, sampler: { type: 'grid', on_exhausted: 'error' } });
    for (const value of [0, 1]) {
      const [trial] = await ctx.service().ask(study.id, {});
      await ctx.service().tell(study.id, trial?.id as string, { value });
    }
    await ctx.service().addTrial(study.id, { params: { c: 'a' } });
    const [queued] = await ctx.service().ask(study.id, {});
    expect([queued?.number, queued?.params]).toEqual([2, { c: 'a' }]);
    await expect(ctx.service().ask(study.id, {})).rejects.toMatchObject({ code: 'grid_exhausted' });
  });
});

import { join } from 'node:path';
import type * as PoolModule from '../../src/runtime/sampler-pool';
import type { ApiTrial } from '../../src/api/types';
import { DUPLICATE_REASON } from '../../src/service/commit-round';
import { SPARE_FALLBACK } from '../../src/service/ask-rounds';
import { StudyService } from '../../src/service/study-service';
import { PostgresStorage } from '../../src/storage/postgres-storage';
import { range } from './support/api';
import { freshSchema, postgresTestsEnabled, type FreshSchema } from './support/postgres';

const describePostgres = postgresTestsEnabled('postgres-spare-collision') ? describe : describe.skip;

// The threads need compiled JavaScript: load the pool from dist/ (built by global-setup).
const DIST = join(__dirname, '..', '..', 'dist', 'src');

/** An 8 x 8 integer grid: two replicas drawing on one history pick the same configurations, and 35 stay fresh after the test's 29 trials. */
const GRID = { a: { type: 'int', low: 0, high: 7 }, b: { type: 'int', low: 0, high: 7 } };
const bowl = (p: Record<string, unknown>): number => ((p.a as number) - 3) ** 2 + ((p.b as number) - 4) ** 2 + 0.1 * (p.a as number);
const key = (t: Pick<ApiTrial, 'params'>): string => JSON.stringify(t.params);
/** Trials told before the concurrent asks. */
const TOLD = 16;

/** Received a minute ago: past any deadline, so the ask takes its fallback as soon as it joins a round. */
const late = (): { receivedAt: number } => ({ receivedAt: Date.now() - 60_000 });

/**
 * Two replicas (each a StudyService with its own sampler thread and PostgreSQL connection pool) on
 * one schema. Replica A's merged round keeps spare points; replica B, asked next on the same
 * history, draws among the same configurations A's spares were drawn on, and commits one of them
 * first. A's late ask then takes its spares: the one B committed fails as a duplicate (P6), and the
 * ask draws a replacement, so no configuration is handed out twice while the grid has fresh ones.
 */
describePostgres('a spare point another replica committed first (PostgreSQL, P6)', () => {
  let schema: FreshSchema;
  const services: StudyService[] = [];
  beforeAll(async () => {
    schema = freshSchema();
    const poolModule = (await import(join(DIST, 'runtime', 'sampler-pool.js'))) as typeof PoolModule;
    for (let i = 0; i < 2; i++) {
      const pool = new poolModule.SamplerPool(poolModule.samplerThreadEntry() as string, 1);
      services.push(new StudyService(await PostgresStorage.open(schema.url), { samplerRunner: pool }));
    }
  });
  afterAll(async () => {
    for (const service of services) await service.close();
    await schema.drop();
  });

  it('fails as a duplicate and is replaced; every live trial holds its own configuration', async () => {
    const [a, b] = services as [StudyService, StudyService];
    const study = await a.createStudy({ name: 'spare-collision', direction: 'minimize', space: GRID as never, sampler: { type: 'gp', seed: 7, n_initial: 4 } });
    for (let i = 0; i < TOLD; i++) {
      const [trial] = await a.ask(study.id);
      await a.tell(study.id, trial!.id, { value: bowl(trial!.params) });
    }
    // Seven concurrent asks on A: the first has a round of its own (a fit on 16 trials), the other
    // six wait for it and join the next, which keeps twelve spares (two per ask).
    const merged = (await Promise.all(range(7).map(() => a.ask(study.id)))).flat();
    expect(merged.every((t) => t.reason?.fallback === undefined)).toBe(true);
    // B sees A's seven trials pending (the history A's spares were drawn on, so the same fantasies) and commits first.
    const onB = await b.ask(study.id);
    // A's late ask of four takes four of its spares (any merged round keeps at least four): the one
    // B committed since fails, and a fresh point replaces it.
    const lateAsk = await a.ask(study.id, { count: 4 }, late());
    expect(lateAsk).toHaveLength(4);
    expect(lateAsk.some((t) => t.reason?.fallback === SPARE_FALLBACK)).toBe(true);

    const { trials } = await a.listTrials(study.id, { limit: 1000 });
    const duplicates = trials.filter((t) => t.fail_reason === DUPLICATE_REASON);
    // The collision this test is about happened: a spare of A repeated B's trial.
    expect(duplicates).toHaveLength(1);
    const fromB = new Set(onB.map(key));
    expect(duplicates.every((t) => fromB.has(key(t)) && t.reason?.fallback === SPARE_FALLBACK)).toBe(true);
    // Nothing but the duplicates failed, and each failed trial is newer than B's trial it repeats.
    const live = trials.filter((t) => t.state !== 'FAIL');
    expect(live).toHaveLength(TOLD + merged.length + onB.length + lateAsk.length);
    expect(new Set(live.map(key)).size).toBe(live.length);
    for (const dup of duplicates) expect(dup.number).toBeGreaterThan((onB.find((t) => key(t) === key(dup)) as ApiTrial).number);
    // The late ask was answered with what stands: none of its trials is a failed one.
    expect(lateAsk.every((t) => !duplicates.some((d) => d.id === t.id))).toBe(true);
  }, 60_000);
});

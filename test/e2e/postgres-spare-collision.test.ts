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

/** An 8 x 8 integer grid: small enough for replica B to take all but a few configurations. */
const GRID = { a: { type: 'int', low: 0, high: 7 }, b: { type: 'int', low: 0, high: 7 } };
const bowl = (p: Record<string, unknown>): number => ((p.a as number) - 3) ** 2 + ((p.b as number) - 4) ** 2 + 0.1 * (p.a as number);
const key = (t: Pick<ApiTrial, 'params'>): string => JSON.stringify(t.params);
/** Trials told before the concurrent asks. */
const TOLD = 16;
/**
 * Configurations left free for the late ask and its replacements. NOTE: a replacement is a deadline
 * fallback, drawing up to 64 random configurations for an unseen one: with at least 13 of 64 free
 * (16 less the late ask's first three) it finds one unless all 64 miss, (51/64)^64, about 5e-7.
 */
const KEPT_FREE = 16;

/** Received a minute ago: past any deadline, so the ask takes its fallback as soon as it joins a round. */
const late = (): { receivedAt: number } => ({ receivedAt: Date.now() - 60_000 });

/**
 * Two replicas (each a StudyService with its own sampler thread and PostgreSQL connection pool) on
 * one schema. Replica A's merged round keeps spare points. Replica B then adds trials at every
 * configuration still free but the KEPT_FREE worst, so B holds whatever spares A kept near the
 * optimum. A's late ask takes its spares: those B committed first fail as duplicates (P6) and are
 * replaced, so no configuration is handed out twice while the grid has fresh ones.
 * NOTE: until 2026-12-02 B asked once and the collision needed B's point to be one of A's spares,
 * which held only when A's seven asks merged as planned; with two jest workers and two busy loops
 * on 2 cores they once merged otherwise and nothing collided. Now the spares' values do not matter.
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
    // Replica B adds a COMPLETE trial at every configuration still free but the KEPT_FREE worst:
    // whatever spares A's merged round kept (they follow the arrival of its asks), those B took are
    // now taken, and only the worst configurations stay free.
    const taken = new Set([...(await a.listTrials(study.id, { limit: 1000 })).trials.map(key)]);
    const free = range(8).flatMap((x) => range(8).map((y) => ({ a: x, b: y }))).filter((p) => !taken.has(key({ params: p }))).sort((p, q) => bowl(q) - bowl(p));
    const keptFree = free.slice(0, KEPT_FREE);
    const onB = [];
    for (const params of free.slice(KEPT_FREE)) onB.push(await b.addTrial(study.id, { params, value: bowl(params) }));
    // A's late ask of four takes four of its spares (any merged round keeps at least four): those B
    // took since fail as duplicates, and fresh points replace them.
    const lateAsk = await a.ask(study.id, { count: 4 }, late());
    expect(lateAsk).toHaveLength(4);
    expect(lateAsk.some((t) => t.reason?.fallback === SPARE_FALLBACK)).toBe(true);

    const { trials } = await a.listTrials(study.id, { limit: 1000 });
    const duplicates = trials.filter((t) => t.fail_reason === DUPLICATE_REASON);
    // The collision this test is about happened: spares of A repeated B's trials (A's spares lie near
    // the optimum, not all among the grid's KEPT_FREE worst configurations).
    expect(duplicates.length).toBeGreaterThanOrEqual(1);
    const fromB = new Set(onB.map(key));
    expect(duplicates.every((t) => fromB.has(key(t)) && t.reason?.fallback === SPARE_FALLBACK)).toBe(true);
    // Nothing but the duplicates failed, and each failed trial is newer than B's trial it repeats.
    const live = trials.filter((t) => t.state !== 'FAIL');
    expect(live).toHaveLength(TOLD + merged.length + onB.length + lateAsk.length);
    expect(new Set(live.map(key)).size).toBe(live.length);
    for (const dup of duplicates) expect(dup.number).toBeGreaterThan((onB.find((t) => key(t) === key(dup)) as ApiTrial).number);
    // The late ask was answered with what stands, all of it among the configurations left free.
    expect(lateAsk.every((t) => !duplicates.some((d) => d.id === t.id))).toBe(true);
    const left = new Set(keptFree.map((params) => key({ params })));
    expect(lateAsk.every((t) => left.has(key(t)))).toBe(true);
  }, 60_000);
});

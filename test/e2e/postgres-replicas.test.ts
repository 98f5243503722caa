import { startServerProcess, type ServerProcess } from '../helpers/process';
import { concurrentTellsScenario, concurrentWorkersScenario, enqueuedClaimScenario, idempotentReplayScenario } from './support/scenarios';
import { silentWorkerScenario } from './support/faults';
import { parallelGpWorkersScenario } from './support/gp';
import { freshSchema, postgresTestsEnabled, type FreshSchema } from './support/postgres';
import { hostileNamesScenario } from './support/security';

const describePostgres = postgresTestsEnabled('postgres-replicas') ? describe : describe.skip;

describePostgres('3 server processes sharing one PostgreSQL schema (P2, P3, P4)', () => {
  let schema: FreshSchema;
  let replicas: ServerProcess[] = [];
  const urls = () => replicas.map((r) => r.url);
  beforeAll(async () => {
    schema = freshSchema();
    const first = await startServerProcess({ db: schema.url, env: { BAYTUNE_REAP_INTERVAL_SECONDS: '0.2' } });
    const others = await Promise.all([1, 2].map(() => startServerProcess({ db: schema.url, env: { BAYTUNE_REAP_INTERVAL_SECONDS: '0.2' } })));
    replicas = [first, ...others];
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await schema?.drop();
  });

  it('32 concurrent workers x 20 ask/tell across the replicas: no 5xx, numbers exactly 0..639', async () => {
    await concurrentWorkersScenario(urls(), 'pg-32x20');
  });

  it('10 parallel replays of one (client_id, request_key) across replicas give one set of trials', async () => {
    await idempotentReplayScenario(urls(), 'pg-replay');
  });

  it('parallel identical tells answer alike; parallel conflicting tells: one 200, the rest 409 with the state', async () => {
    await concurrentTellsScenario(urls(), 'pg-tells');
  });

  it('K enqueued trials with 4K concurrent asks across replicas: each claimed exactly once', async () => {
    await enqueuedClaimScenario(urls(), 'pg-enqueued', 25);
  });

  it('a silent worker with two replicas reaping: failed once, re-queued once, late tell 409', async () => {
    await silentWorkerScenario(urls().slice(0, 2), 'pg-lease');
  });

  it.each(['ei', 'ts'])('8 parallel GP workers (acquisition %s) across replicas never get points closer than 1e-9 (P6)', async (acquisition) => {
    await parallelGpWorkersScenario(urls(), `pg-gp-${acquisition}`, acquisition, 2);
  });

  it('round-trips injection-shaped and unicode names verbatim on PostgreSQL', async () => {
    await hostileNamesScenario(urls()[1] as string);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Trial } from '../../../src/domain/trial';
import { askedTrials, type AskClaim, type Storage, type TrialDraft } from '../../../src/storage/port';
import { PostgresStorage } from '../../../src/storage/postgres-storage';
import { postgresSkipReason, TEST_POSTGRES_URL } from '../../contract/postgres-availability';
import { newStudy } from '../../../src/testing/storage-contract';

const skip = postgresSkipReason() !== null;
const T0 = Date.UTC(2026, 0, 1);
const APP = `baytune-replica-test-${process.pid}`;
const schemas: string[] = [];
let replicas: Storage[] = [];

const running = (x: number): TrialDraft => ({ state: 'RUNNING', params: { z_last: x, a_first: 'adam' } });
const claim = (count: number, extra: Partial<AskClaim> = {}): AskClaim =>
  ({ client_id: null, request_key: null, count, now: T0, lease_expires_at: T0 + 60_000, ...extra });
const replica = (i: number): Storage => replicas[i % replicas.length] as Storage;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Three storages with their own pools on one fresh schema: what three server replicas hold. */
beforeEach(async () => {
  if (skip) return;
  const schema = `baytune_replicas_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
  replicas = [];
  for (const _ of range(3)) replicas.push(await PostgresStorage.open(url, { poolSize: 4, applicationName: APP }));
});

afterEach(async () => { await Promise.all(replicas.map((r) => r.close())); });

afterAll(async () => {
  if (skip) return;
  await admin(async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
});

(skip ? describe.skip : describe)('PostgreSQL shared by three replicas', () => {
  test('concurrent asks and adds through all replicas give numbers exactly 0..N-1', async () => {
    const study = await replica(0).createStudy(newStudy('shared'), T0);
    const asks = range(36).map((i) => replica(i).commitAsk(study.id, claim(2), [running(i / 36), running(i / 37)]).then(askedTrials));
    const adds = range(12).map((i) => replica(i + 1).addTrials(study.id, [running(i / 12)], T0));
    const handed = (await Promise.all([...asks, ...adds])).flat();
    expect(handed.map((t) => t.number).sort((a, b) => a - b)).toEqual(range(84));
    expect((await replica(2).listTrials(study.id, { limit: 200 })).map((t) => t.number)).toEqual(range(84));
  });

  test('K queued trials and 4K asks across replicas: each queued trial is claimed once', async () => {
    const study = await replica(0).createStudy(newStudy('queue'), T0);
    const queued = await replica(1).addTrials(study.id, range(8).map((i) => ({ state: 'WAITING', params: { z_last: i / 8, a_first: 'sgd', m: 2 } })), T0);
    const asks = await Promise.all(range(32).map((i) => replica(i).commitAsk(study.id, claim(1, { client_id: `w${i}` }), [])));
    expect(asks.flatMap(askedTrials).map((t) => t.id).sort()).toEqual(queued.map((t) => t.id).sort());
  });

  test('replays of one (client_id, request_key) on different replicas give one set of trials', async () => {
    const study = await replica(0).createStudy(newStudy('replay'), T0);
    const results = await Promise.all(range(12).map((i) => replica(i).commitAsk(study.id, claim(3, { client_id: 'c', request_key: 'r' }), [running(0.1), running(0.2), running(0.3)])));
    expect(new Set(results.map((r) => askedTrials(r).map((t) => t.id).join())).size).toBe(1);
    expect(results.filter((r) => r.outcome === 'committed')).toHaveLength(1);
    expect(await replica(1).listTrials(study.id, { limit: 100 })).toHaveLength(3);
  });

  test('every replica reaping at once fails each expired trial once and re-queues it once', async () => {
    const study = await replica(0).createStudy(newStudy('reap', { max_retry: 1 }), T0);
    const trials = askedTrials(await replica(1).commitAsk(study.id, claim(5), range(5).map((i) => running(i / 5))));
    const reaped = (await Promise.all(range(6).map((i) => replica(i).reapExpiredLeases(T0 + 61_000)))).flat();
    expect(reaped.map((t) => t.id).sort()).toEqual(trials.map((t: Trial) => t.id).sort());
    expect((await replica(2).countTrials(study.id)).waiting).toBe(5);
  });

  test('text PostgreSQL cannot store (a NUL character) is invalid_request, and nothing is written', async () => {
    await expect(replica(0).createStudy(newStudy('nul\u0000name'), T0)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await replica(1).listStudies()).toEqual([]);
  });

  test('connections killed by the server: calls fail as storage_unavailable at worst, then work again without reopening', async () => {
    const study = await replica(0).createStudy(newStudy('reconnect'), T0);
    await Promise.all(replicas.map((r) => r.ping()));
    const killed = await admin(async (client) => (await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [APP])).rowCount);
    expect(killed).toBeGreaterThanOrEqual(3);
    const errors: unknown[] = [];
    let answered = false;
    for (let attempt = 0; attempt < 20 && !answered; attempt += 1) {
      try {
        answered = (await replica(0).getStudy(study.id))?.id === study.id;
      } catch (error) {
        errors.push(error);
        await sleep(50);
      }
    }
    expect(answered).toBe(true);
    expect(errors.every((e) => (e as { code?: string }).code === 'storage_unavailable')).toBe(true);
  });
});

import { call } from '../helpers/server';
import { Client } from 'pg';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { createStudy, range } from './support/api';
import { killDuringTellsScenario, waitFor } from './support/faults';
import { postgresTestsEnabled } from './support/postgres';
import { createPrivatePostgres, type PrivatePostgres } from './support/private-postgres';

const describePostgres = postgresTestsEnabled('postgres-outage') ? describe : describe.skip;

describePostgres('PostgreSQL stopped and started again under a running server', () => {
  let pg: PrivatePostgres;
  let server: ServerProcess;
  beforeAll(async () => {
    pg = await createPrivatePostgres();
    server = await startServerProcess({ db: `${pg.url}?schema=outage` });
  });
  afterAll(async () => {
    await server?.stop();
    pg?.destroy();
  });

  it('answers 503 with Retry-After and fails /readyz while down, and recovers without a restart', async () => {
    const studyId = await createStudy(server.url, { name: 'outage', sampler: { type: 'random', seed: 2 } });
    const before = await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, {});
    expect(before.status).toBe(200);
    expect((await call(server.url, 'GET', '/readyz')).status).toBe(200);

    pg.stop('fast');
    const down = [
      await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, {}),
      await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${before.body.trials[0].id}/tell`, { value: 1 }),
      await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials`),
      await call(server.url, 'GET', '/readyz'),
    ];
    for (const res of down) {
      expect({ status: res.status, code: res.body?.code }).toEqual({ status: 503, code: 'storage_unavailable' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);

    pg.start();
    await waitFor('/readyz to pass again', async () => ((await call(server.url, 'GET', '/readyz')).status === 200 ? true : undefined), 30_000, 200);
    const told = await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${before.body.trials[0].id}/tell`, { value: 1 });
    expect(told.body).toMatchObject({ state: 'COMPLETE', value: 1 });
    const after = await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, {});
    expect(after.status).toBe(200);
    expect(after.body.trials[0].number).toBe(1);
  });

  it('a PostgreSQL crash (immediate stop) during a burst of tells loses no 2xx tell (P1)', async () => {
    const studyId = await createStudy(server.url, { name: 'crash', sampler: { type: 'random', seed: 8 } });
    const trials: { id: string; number: number }[] = [];
    for (const _ of range(3)) trials.push(...(await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, { count: 40 })).body.trials);
    await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${trials[0]?.id}/tell`, { value: 0 });
    const acknowledged = new Map<string, number>([[trials[0]?.id as string, 0]]);
    let crashed = false;
    await Promise.all(range(8).map(async (lane) => {
      for (let i = 1 + lane; i < trials.length && !crashed; i += 8) {
        const trial = trials[i] as { id: string; number: number };
        const res = await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${trial.id}/tell`, { value: trial.number });
        if (res.status === 200) acknowledged.set(trial.id, trial.number);
        if (!crashed && acknowledged.size >= 40) {
          crashed = true;
          pg.stop('immediate');
        }
      }
    }));
    expect(crashed).toBe(true);
    pg.start();
    await waitFor('/readyz to pass again', async () => ((await call(server.url, 'GET', '/readyz')).status === 200 ? true : undefined), 30_000, 200);
    for (const [id, value] of acknowledged) {
      const stored = await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials/${id}`);
      expect({ id, state: stored.body.state, value: stored.body.value }).toEqual({ id, state: 'COMPLETE', value });
    }
  });

  it('a PostgreSQL crash (immediate stop) during a burst of asks loses no 2xx ask', async () => {
    const studyId = await createStudy(server.url, { name: 'ask-crash', sampler: { type: 'random', seed: 9 } });
    const handed = new Map<string, number>();
    let crashed = false;
    await Promise.all(range(8).map(async () => {
      for (let i = 0; i < 40 && !crashed; i++) {
        const res = await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, {});
        if (res.status === 200) for (const t of res.body.trials) handed.set(t.id, t.number);
        if (!crashed && handed.size >= 60) {
          crashed = true;
          pg.stop('immediate');
        }
      }
    }));
    expect(crashed).toBe(true);
    pg.start();
    await waitFor('/readyz to pass again', async () => ((await call(server.url, 'GET', '/readyz')).status === 200 ? true : undefined), 30_000, 200);
    for (const [id, number] of handed) {
      const stored = await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials/${id}`);
      expect({ id, status: stored.status, number: stored.body.number }).toEqual({ id, status: 200, number });
    }
  });

  it('a schema newer than the code: start-up refuses naming `baytune migrate`; the right version starts', async () => {
    const location = `${pg.url}?schema=versions`;
    const first = await startServerProcess({ db: location });
    await first.stop();
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    try {
      await admin.query('UPDATE versions.schema_version SET version = version + 1');
      const newer = await startServerProcess({ db: location }).then(() => null, (err: Error) => err.message);
      expect(newer).toMatch(/newer than this baytune.*baytune migrate/);
      await admin.query('UPDATE versions.schema_version SET version = version - 1');
    } finally {
      await admin.end();
    }
    const current = await startServerProcess({ db: location });
    expect((await call(current.url, 'GET', '/readyz')).status).toBe(200);
    await current.stop();
  });

  it('kill -9 of the server during a burst of tells on PostgreSQL: a restarted server has every 2xx tell (P1)', async () => {
    await killDuringTellsScenario(() => startServerProcess({ db: `${pg.url}?schema=killed` }));
  });
});

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { call } from '../helpers/server';
import { runCli, startServerProcess, type ServerProcess } from '../helpers/process';
import { createStudy } from './support/api';
import { askMany, killDuringTellsScenario, silentWorkerScenario } from './support/faults';

const FIXTURE_V1 = join(__dirname, '..', 'fixtures', 'sqlite-v1.db');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'baytune-e2e-faults-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('kill -9 during a burst of tells: after a restart every 2xx tell is there, nothing half-written (P1)', async () => {
  await killDuringTellsScenario(() => startServerProcess({ db: join(dir, 'crash.db') }));
});

test('a silent worker on one SQLite server: reaped once, re-queued once, its late tell is 409 (P4)', async () => {
  const server = await startServerProcess({ db: join(dir, 'lease.db'), env: { BAYTUNE_REAP_INTERVAL_SECONDS: '0.2' } });
  try {
    await silentWorkerScenario([server.url], 'lease');
  } finally {
    await server.stop();
  }
});

/** Sends the head and half the body of a tell, and returns the response once the rest is written. */
function slowTell(url: string, path: string, body: string): { finish: () => void; response: Promise<{ status: number; text: string }> } {
  const req = request(url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 5));
  return { finish: () => req.end(body.slice(5)), response };
}

test('SIGTERM: in-flight requests finish, new connections are refused, exit 0 before the grace deadline', async () => {
  const server: ServerProcess = await startServerProcess({ db: join(dir, 'drain.db'), args: ['--grace', '5'] });
  const studyId = await createStudy(server.url, { name: 'drain' });
  const [trial] = await askMany(server.url, studyId, 1);
  const inFlight = slowTell(server.url, `/api/v1/studies/${studyId}/trials/${trial?.id}/tell`, JSON.stringify({ value: 0.25 }));
  await new Promise((r) => setTimeout(r, 200));
  const stopping = Date.now();
  server.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  inFlight.finish();
  const answered = await inFlight.response;
  expect(answered.status).toBe(200);
  expect(JSON.parse(answered.text)).toMatchObject({ state: 'COMPLETE', value: 0.25 });
  expect(await server.exited).toEqual({ code: 0, signal: null });
  expect(Date.now() - stopping).toBeLessThan(5000);
});

test('SIGTERM with a request that never completes: exit by the grace deadline', async () => {
  const server = await startServerProcess({ db: join(dir, 'stuck.db'), args: ['--grace', '1'] });
  const stuck = slowTell(server.url, '/api/v1/studies/none/trials/none/tell', JSON.stringify({ value: 1 }));
  stuck.response.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 200));
  const stopping = Date.now();
  server.child.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
  expect(Date.now() - stopping).toBeLessThan(4000);
});

test('a schema older or newer than the code: start-up refuses naming `baytune migrate`; after it the server starts', async () => {
  const older = join(dir, 'v1.db');
  copyFileSync(FIXTURE_V1, older);
  const refusedOld = await startServerProcess({ db: older }).then(() => null, (err: Error) => err.message);
  expect(refusedOld).toMatch(/schema version 1, older .*baytune migrate/);

  const newer = join(dir, 'newer.db');
  const current = await startServerProcess({ db: newer });
  await current.stop();
  const raw = new BetterSqlite3(newer);
  raw.prepare('UPDATE schema_version SET version = version + 1').run();
  raw.close();
  const refusedNew = await startServerProcess({ db: newer }).then(() => null, (err: Error) => err.message);
  expect(refusedNew).toMatch(/newer than this baytune.*baytune migrate/);

  const migrated = await runCli(['migrate', '--db', older]);
  expect(migrated).toMatchObject({ code: 0 });
  expect(migrated.output).toMatch(/schema migrated from version 1 to \d+/);
  const upgraded = await startServerProcess({ db: older });
  expect((await call(upgraded.url, 'GET', '/readyz')).status).toBe(200);
  await upgraded.stop();
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { concurrentTellsScenario, concurrentWorkersScenario, enqueuedClaimScenario, idempotentReplayScenario } from './support/scenarios';

describe('load on one SQLite server process (P2, P3)', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baytune-e2e-load-'));
    server = await startServerProcess({ db: join(dir, 'load.db') });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('32 concurrent workers x 20 ask/tell: no 5xx, trial numbers exactly 0..639', async () => {
    await concurrentWorkersScenario([server.url], 'load-32x20');
  });

  it('10 parallel replays of one (client_id, request_key) give one set of trials', async () => {
    await idempotentReplayScenario([server.url], 'replay');
  });

  it('parallel identical tells answer alike; parallel conflicting tells: one 200, the rest 409 with the state', async () => {
    await concurrentTellsScenario([server.url], 'tells');
  });

  it('K enqueued trials with 4K concurrent asks: each claimed exactly once', async () => {
    await enqueuedClaimScenario([server.url], 'enqueued', 25);
  });
});

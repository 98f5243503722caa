import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { HOSTILE_HISTORIES, hostileHistoryScenario, parallelGpWorkersScenario } from './support/gp';

describe('the GP sampler in a server process on SQLite', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baytune-e2e-gp-'));
    server = await startServerProcess({ db: join(dir, 'gp.db') });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['ei', 'ts'])('8 parallel workers (acquisition %s) never get points closer than 1e-9 (P6)', async (acquisition) => {
    await parallelGpWorkersScenario([server.url], `parallel-${acquisition}`, acquisition, 2);
  });

  it.each(Object.keys(HOSTILE_HISTORIES))('a numerically hostile history (%s) asks without a 500', async (name) => {
    await hostileHistoryScenario(server.url, `hostile-${name}`, name.length % 2 === 0 ? 'ei' : 'ucb', HOSTILE_HISTORIES[name] ?? []);
  });
});

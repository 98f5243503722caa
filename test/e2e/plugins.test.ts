import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpStudyClient } from '../../src/client/http-client';
import { runCli, startServerProcess, type ServerProcess } from '../helpers/process';

/**
 * `baytune --plugin <file>` on the compiled CLI: the example sampler plugin (built to
 * dist/examples/) serves studies, also on the sampler worker thread, which loads the same plugins.
 */
const PLUGIN = join(__dirname, '..', '..', 'dist', 'examples', 'plugins', 'perturb-best-sampler.js');
const dir = mkdtempSync(join(tmpdir(), 'baytune-plugins-'));
let server: ServerProcess;

beforeAll(async () => { server = await startServerProcess({ db: join(dir, 'plugins.db'), args: ['--plugin', PLUGIN] }); });
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a served plugin sampler answers asks past its startup, on the worker thread, without falling back', async () => {
  const client = new HttpStudyClient({ url: server.url, clientId: 'e2e-plugin' });
  const study = await client.createStudy({ name: 'plugin-e2e', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'perturb-best', seed: 5, n_startup: 2 } });
  for (let i = 0; i < 6; i++) {
    const [trial] = await client.ask(study.id);
    expect(trial!.reason).toMatchObject({ strategy: 'perturb-best' });
    if (i >= 2) expect(trial!.reason?.fallback).toBeUndefined();
    await client.tell(study.id, trial!.id, { value: ((trial!.params.x as number) - 0.3) ** 2 });
  }
});

test('a missing plugin file stops the CLI with a message naming it', async () => {
  const result = await runCli(['--plugin', join(dir, 'nope.js'), 'migrate', '--db', join(dir, 'm.db')]);
  expect(result.code).toBe(1);
  expect(result.output).toContain(`plugin file ${join(dir, 'nope.js')} does not exist`);
});

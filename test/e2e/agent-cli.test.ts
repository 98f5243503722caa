import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { HttpStudyClient } from '../../src/client/http-client';
import { CLI_ENTRY } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', '..', 'examples', 'agent_example.py');

/** What a process printed and how it exited, also when the exit code is not 0. */
async function agentCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_ENTRY, 'agent', ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Issue 14: `baytune agent` as a spawned CLI: BAYTUNE_URL, a study name, fail-fast, stderr tails. */
describe('baytune agent on the command line', () => {
  let server: TestServer;
  let client: HttpStudyClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = new HttpStudyClient({ url: server.url });
    await client.createStudy({ name: 'agent cli', space: { lr: { type: 'float', low: 0.001, high: 10, log: true } }, sampler: { type: 'random', seed: 1 } });
  });
  afterAll(async () => { await server.stop(); });

  it('exits non-zero at once for a missing program, burning no trial, with the URL from BAYTUNE_URL', async () => {
    const result = await agentCli(['--study', 'agent cli', '--trials', '3', '--', 'nonexistent-prog'], { BAYTUNE_URL: server.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot find the program "nonexistent-prog" on PATH; no trial was asked for');
    expect((await client.getStudy('agent cli')).trial_counts.FAIL).toBe(0);
  });

  it('prints the stderr tail of a crashing program on the console', async () => {
    const result = await agentCli(['--study', 'agent cli', '--trials', '1', '--', 'python3', SCRIPT, '--crash-at', '1'], { BAYTUNE_URL: server.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/trial 0: FAIL \(exit code 1; stderr tail:\)\n {4}\| .*\n[\s\S]*\| .*simulated crash at epoch 1/);
  });
});

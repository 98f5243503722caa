import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerAskCommand } from '../../../src/cli/ask';
import { registerBestCommand } from '../../../src/cli/best';
import { registerCreateCommand } from '../../../src/cli/create';
import { registerExportCommand } from '../../../src/cli/export';
import type { CliIo } from '../../../src/cli/output';
import { registerStudiesCommand } from '../../../src/cli/studies';
import { registerTellCommand } from '../../../src/cli/tell';
import { startTestServer, type TestServer } from '../../helpers/server';

/** Runs one `baytune ...` command line against the server and returns what it printed. */
async function baytune(server: TestServer, ...args: string[]): Promise<string> {
  let printed = '';
  const io: CliIo = { out: (text) => void (printed += text), isTTY: false };
  const program = new Command().exitOverride();
  for (const register of [registerStudiesCommand, registerCreateCommand, registerAskCommand, registerTellCommand, registerBestCommand, registerExportCommand]) {
    register(program, io);
  }
  await program.parseAsync(['node', 'baytune', ...args, '--url', server.url, '--token', 'cli-token']);
  return printed;
}

describe('client CLI commands against a live server', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer({ BAYTUNE_TOKEN: 'cli-token' });
    dir = mkdtempSync(join(tmpdir(), 'baytune-cli-'));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, asks, tells, shows the best and lists, in tables and as JSON', async () => {
    const spaceFile = join(dir, 'space.json');
    writeFileSync(spaceFile, JSON.stringify({ x: { type: 'float', low: -2, high: 2 }, act: { type: 'categorical', choices: ['relu', 'tanh'] } }));
    const studyId = (await baytune(server, 'create', '--name', 'cli study', '--space', spaceFile, '--sampler', '{"type":"random","seed":5}')).trim();
    expect(studyId).toMatch(/\S+/);
    expect(await baytune(server, 'best', studyId)).toBe('no complete trial yet\n');

    const asked = JSON.parse(await baytune(server, 'ask', studyId, '--count', '3', '--json')) as { id: string; number: number; params: { x: number } }[];
    expect(asked.map((t) => t.number)).toEqual([0, 1, 2]);
    for (const t of asked.slice(0, 2)) {
      expect(await baytune(server, 'tell', studyId, t.id, '--value', String(t.params.x ** 2))).toMatch(new RegExp(`^trial ${t.number} COMPLETE `));
    }
    expect(await baytune(server, 'tell', studyId, asked[2]!.id, '--fail', '--reason', 'diverged')).toBe('trial 2 FAIL\n');

    const best = JSON.parse(await baytune(server, 'best', studyId, '--json')) as { value: number };
    expect(best.value).toBe(Math.min(asked[0]!.params.x ** 2, asked[1]!.params.x ** 2));
    expect(await baytune(server, 'best', studyId)).toMatch(/^trial \d \(.+\) value [\d.e-]+\n {2}x = .+\n {2}act = (relu|tanh)\n$/);

    const listing = (await baytune(server, 'studies')).split('\n');
    expect(listing[0]).toMatch(/^id\s+name\s+direction\s+sampler\s+trials\s+complete\s+running\s+best$/);
    expect(listing[1]).toContain('cli study');
    expect(listing[1]).toMatch(/minimize\s+random\s+3\s+2\s+0\s+/);
  });

  it('exports CSV to a file and JSON to stdout', async () => {
    const studyId = (await baytune(server, 'create', '--name', 'export me', '--space', '{"x":{"type":"int","low":0,"high":9}}')).trim();
    for (let i = 0; i < 4; i++) {
      const [trial] = JSON.parse(await baytune(server, 'ask', studyId, '--json')) as { id: string }[];
      await baytune(server, 'tell', studyId, trial!.id, '--value', String(i));
    }
    const file = join(dir, 'export.csv');
    expect(await baytune(server, 'export', studyId, '--format', 'csv', '-o', file)).toContain(`to ${file}`);
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['0', '1', '2', '3']);
    const exported = JSON.parse(await baytune(server, 'export', studyId, '--format', 'json')) as { study: { name: string }; trials: unknown[] };
    expect(exported.study.name).toBe('export me');
    expect(exported.trials).toHaveLength(4);
  });

  it('fails with the problem code and field, and refuses bad flags before calling', async () => {
    await expect(baytune(server, 'best', 'no-such-study')).rejects.toThrow(/^study_not_found: .* \(field studyId\)$/);
    await expect(baytune(server, 'create', '--name', 'bad', '--space', '{"x":{"type":"float","low":1,"high":0}}')).rejects.toThrow(/^invalid_space: .*field space\.x/);
    await expect(baytune(server, 'tell', 's', 't', '--value', 'NaN')).rejects.toThrow('--value must be a finite number');
    await expect(baytune(server, 'tell', 's', 't', '--value', '1', '--fail')).rejects.toThrow('a FAIL trial takes no --value');
    await expect(baytune(server, 'export', 's', '--format', 'xml')).rejects.toThrow('--format must be one of csv, json, got xml');
  });
});

import { Command } from 'commander';
import { registerAskCommand } from '../../../src/cli/ask';
import { registerCreateCommand } from '../../../src/cli/create';
import { registerExportCommand } from '../../../src/cli/export';
import type { CliIo } from '../../../src/cli/output';
import { registerDeleteCommand, registerReportCommand } from '../../../src/cli/report';
import { registerTellCommand } from '../../../src/cli/tell';
import { registerTrialsCommands } from '../../../src/cli/trials';
import { registerSetUserAttrCommand } from '../../../src/cli/user-attrs';
import { startTestServer, type TestServer } from '../../helpers/server';

const SPACE = JSON.stringify({ x: { type: 'float', low: -2, high: 2 } });

/** Runs one `baytune ...` command line against the server and returns what it printed. */
async function baytune(server: TestServer, ...args: string[]): Promise<string> {
  let printed = '';
  const io: CliIo = { out: (text) => void (printed += text), isTTY: false };
  const program = new Command().exitOverride();
  program.configureOutput({ writeErr: () => undefined });
  const registers = [registerCreateCommand, registerAskCommand, registerTellCommand, registerReportCommand, registerTrialsCommands, registerExportCommand, registerDeleteCommand, registerSetUserAttrCommand];
  for (const register of registers) register(program, io);
  await program.parseAsync(['node', 'baytune', ...args, '--url', server.url]);
  return printed;
}

/** Issue 14: the commands an Optuna CLI user expects, by study name and trial number. */
describe('Optuna-style CLI commands', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('create --skip-if-exists, ask/report/tell by name and number, trials, best-trials, export formats, delete', async () => {
    const create = ['create', '--name', 'cli-names', '--space', SPACE, '--sampler', '{"type":"random","seed":3}', '--skip-if-exists'];
    const id = (await baytune(server, ...create)).trim();
    expect((await baytune(server, ...create)).trim()).toBe(id);
    await expect(baytune(server, ...create.slice(0, -1))).rejects.toThrow(/study_exists/);
    await expect(baytune(server, ...create, '--direction', 'maximize')).rejects.toThrow(/direction: stored minimize, requested maximize/);

    await baytune(server, 'ask', 'cli-names', '--count', '4');
    expect(await baytune(server, 'report', 'cli-names', '0', '1', '0.5')).toBe('continue\n');
    expect(await baytune(server, 'tell', 'cli-names', '0', '--value', '0.25')).toBe('trial 0 COMPLETE 0.25\n');
    expect(await baytune(server, 'tell', 'cli-names', '1', '--value', '0.25')).toBe('trial 1 COMPLETE 0.25\n');
    expect(await baytune(server, 'tell', 'cli-names', '2', '--state', 'pruned', '--reason', 'plateau')).toBe('trial 2 PRUNED\n');
    expect(await baytune(server, 'tell', 'cli-names', '3', '--state', 'FAIL', '--reason', 'OOM')).toBe('trial 3 FAIL\n');
    await expect(baytune(server, 'tell', 'cli-names', '3', '--state', 'DONE')).rejects.toThrow(/--state must be COMPLETE, PRUNED or FAIL/);

    const table = (await baytune(server, 'trials', 'cli-names')).trim().split('\n');
    expect(table[0]).toMatch(/^number\s+state\s+value\s+duration_s\s+params$/);
    expect(table.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['0 COMPLETE', '1 COMPLETE', '2 PRUNED', '3 FAIL']);
    const pruned = JSON.parse(await baytune(server, 'trials', 'cli-names', '--state', 'PRUNED,FAIL', '--json')) as { number: number; fail_reason: string }[];
    expect(pruned.map((t) => [t.number, t.fail_reason])).toEqual([[2, 'plateau'], [3, 'OOM']]);
    const csv = (await baytune(server, 'trials', 'cli-names', '--state', 'COMPLETE', '--format', 'csv')).trim().split('\r\n');
    expect(csv[0]).toMatch(/^number,id,state,value,params\.x,/);
    expect(csv.slice(1).map((l) => l.split(',')[2])).toEqual(['COMPLETE', 'COMPLETE']);
    await expect(baytune(server, 'trials', 'cli-names', '--state', 'DONE')).rejects.toThrow(/"DONE" is not one of/);

    const front = JSON.parse(await baytune(server, 'best-trials', 'cli-names', '--json')) as { number: number }[];
    expect(front.map((t) => t.number)).toEqual([0, 1]);

    const exported = JSON.parse(await baytune(server, 'export', 'cli-names', '--json')) as { study: { id: string }; trials: unknown[] };
    expect([exported.study.id, exported.trials.length]).toEqual([id, 4]);
    expect(await baytune(server, 'export', 'cli-names', '--format', 'csv')).toMatch(/^number,id,state/);
    await expect(baytune(server, 'export', 'cli-names', '--format', 'csv', '--json')).rejects.toThrow(/--json and --format csv disagree/);

    expect(await baytune(server, 'set-user-attr', 'cli-names', 'dataset', 'iris')).toBe('study user_attrs: {"dataset":"iris"}\n');
    expect(await baytune(server, 'set-user-attr', 'cli-names', 'dataset', 'null')).toBe('study user_attrs: {}\n');
    expect(await baytune(server, 'set-user-attr', 'cli-names', 'note', '{"ok":true}', '--trial', '0')).toBe('trial 0 user_attrs: {"note":{"ok":true}}\n');

    expect(await baytune(server, 'delete', 'cli-names')).toBe('deleted study cli-names\n');
    await expect(baytune(server, 'trials', 'cli-names')).rejects.toThrow(/study_not_found/);
  });
});

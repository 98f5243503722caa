import { Command } from 'commander';
import { registerAskCommand } from '../../../src/cli/ask';
import { registerBestCommand } from '../../../src/cli/best';
import { registerStudiesCommand } from '../../../src/cli/studies';
import { registerCreateCommand } from '../../../src/cli/create';
import { parseConstraintFlags, parseObjectiveFlags, parseValuesFlag } from '../../../src/cli/objective-flags';
import type { CliIo } from '../../../src/cli/output';
import { registerTellCommand } from '../../../src/cli/tell';
import { registerTrialsCommands } from '../../../src/cli/trials';
import { startTestServer, type TestServer } from '../../helpers/server';

const SPACE = JSON.stringify({ x: { type: 'float', low: 0, high: 1 } });

/** Runs one `baytune ...` command line against the server and returns what it printed. */
async function baytune(server: TestServer, ...args: string[]): Promise<string> {
  let printed = '';
  const io: CliIo = { out: (text) => void (printed += text), isTTY: false };
  const program = new Command().exitOverride();
  program.configureOutput({ writeErr: () => undefined });
  for (const register of [registerStudiesCommand, registerCreateCommand, registerAskCommand, registerTellCommand, registerBestCommand, registerTrialsCommands]) register(program, io);
  await program.parseAsync(['node', 'baytune', ...args, '--url', server.url]);
  return printed;
}

describe('--objective, --constraint and --values flags', () => {
  it('reads objectives with a default direction, merges two bounds of one metric, and maps values', () => {
    expect(parseObjectiveFlags(['val_loss:minimize', 'accuracy:MAXIMIZE', 'latency_ms'])).toEqual([
      { name: 'val_loss', direction: 'minimize' }, { name: 'accuracy', direction: 'maximize' }, { name: 'latency_ms', direction: 'minimize' },
    ]);
    expect(parseConstraintFlags(['memory_mb<=512', 'accuracy >= 0.9', 'memory_mb>=1e1'])).toEqual([{ name: 'memory_mb', max: 512, min: 10 }, { name: 'accuracy', min: 0.9 }]);
    expect([...parseValuesFlag('val_loss=0.2, latency_ms=31')]).toEqual([['val_loss', 0.2], ['latency_ms', 31]]);
  });

  it('names the flag and the fault of a bad one', () => {
    expect(() => parseObjectiveFlags(['val_loss:smallest'])).toThrow('--objective "val_loss:smallest": direction must be minimize or maximize, got "smallest"');
    expect(() => parseObjectiveFlags([':minimize'])).toThrow('--objective ":minimize": the metric name is missing');
    expect(() => parseObjectiveFlags(['a', 'a:maximize'])).toThrow('--objective: "a" is given twice');
    expect(() => parseConstraintFlags(['memory_mb<512'])).toThrow('--constraint "memory_mb<512": write name<=max or name>=min, e.g. memory_mb<=512');
    expect(() => parseConstraintFlags(['memory_mb<=lots'])).toThrow('--constraint "memory_mb<=lots": the bound must be a finite number, got "lots"');
    expect(() => parseConstraintFlags(['m<=1', 'm<=2'])).toThrow('--constraint "m<=2": m already has a maximum');
    expect(() => parseValuesFlag('val_loss=0.2,latency_ms')).toThrow('--values: "latency_ms" is not name=number');
    expect(() => parseValuesFlag('val_loss=NaN')).toThrow('--values: val_loss must be a finite number, got "NaN"');
    expect(() => parseValuesFlag('a=1,a=2')).toThrow('--values: a is given twice');
  });
});

describe('multi-objective CLI commands against a live server', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('creates a two-objective constrained study, tells named values, and lists the Pareto front as a table', async () => {
    const id = (await baytune(server, 'create', '--name', 'cli-mo', '--space', SPACE, '--sampler', 'random',
      '--objective', 'val_loss:minimize', '--objective', 'latency_ms:minimize', '--constraint', 'memory_mb<=512')).trim();
    const study = JSON.parse(await baytune(server, 'create', '--name', 'cli-mo', '--space', SPACE, '--sampler', 'random', '--objective', 'val_loss:minimize',
      '--objective', 'latency_ms:minimize', '--constraint', 'memory_mb<=512', '--skip-if-exists', '--json')) as { id: string; objectives: unknown; constraints: unknown };
    expect(study).toMatchObject({ id, objectives: [{ name: 'val_loss', direction: 'minimize' }, { name: 'latency_ms', direction: 'minimize' }], constraints: [{ name: 'memory_mb', max: 512 }] });

    await baytune(server, 'ask', 'cli-mo', '--count', '4');
    expect(await baytune(server, 'tell', 'cli-mo', '0', '--values', 'val_loss=0.2,latency_ms=31,memory_mb=100')).toBe('trial 0 COMPLETE val_loss=0.2 latency_ms=31 memory_mb=100\n');
    expect(await baytune(server, 'tell', 'cli-mo', '1', '--values', 'val_loss=0.1,latency_ms=50,memory_mb=200')).toBe('trial 1 COMPLETE val_loss=0.1 latency_ms=50 memory_mb=200\n');
    expect(await baytune(server, 'tell', 'cli-mo', '2', '--values', 'val_loss=0.05,latency_ms=5,memory_mb=900')).toBe('trial 2 COMPLETE val_loss=0.05 latency_ms=5 memory_mb=900 (infeasible)\n');
    await expect(baytune(server, 'tell', 'cli-mo', '3', '--values', 'val_loss=0.3,latency_ms=40')).rejects.toThrow(/^invalid_value: .*\(field values\.memory_mb\)$/);
    await expect(baytune(server, 'tell', 'cli-mo', '3', '--value', '0.3', '--values', 'val_loss=0.3')).rejects.toThrow('give --value (one objective) or --values (named metrics), not both');
    await expect(baytune(server, 'tell', 'cli-mo', '3', '--fail', '--values', 'val_loss=0.3')).rejects.toThrow('a FAIL trial takes no --values');
    expect(await baytune(server, 'tell', 'cli-mo', '3', '--values', 'val_loss=0.3,latency_ms=40,memory_mb=300')).toBe('trial 3 COMPLETE val_loss=0.3 latency_ms=40 memory_mb=300\n');

    const pareto = (await baytune(server, 'pareto', 'cli-mo')).trimEnd().split('\n');
    expect(pareto[0]).toMatch(/^number\s+state\s+val_loss\s+latency_ms\s+memory_mb\s+feasible\s+duration_s\s+params$/);
    expect(pareto.slice(1).map((l) => l.split(/\s+/).slice(0, 6).join(' '))).toEqual(['0 COMPLETE 0.2 31 100 yes', '1 COMPLETE 0.1 50 200 yes']);
    const front = JSON.parse(await baytune(server, 'best-trials', 'cli-mo', '--json')) as { number: number }[];
    expect(front.map((t) => t.number)).toEqual([0, 1]);
    const listed = (await baytune(server, 'trials', 'cli-mo')).split('\n');
    expect(listed[3]).toMatch(/^2\s+COMPLETE\s+0\.05\s+5\s+900\s+no\s/);
    expect(listed[4]).toMatch(/^3\s+COMPLETE\s+0\.3\s+40\s+300\s+yes\s/);
    await expect(baytune(server, 'best', 'cli-mo')).rejects.toThrow(/^multi_objective: .*\/pareto/);
    expect((await baytune(server, 'studies')).split('\n').find((l) => l.includes('cli-mo'))).toMatch(/cli-mo\s+2 objectives\s+random\s+4\s+4\s+0\s+-$/);
  });

  it('takes >= constraints on a single objective, where the best and the front are the best feasible trial', async () => {
    await baytune(server, 'create', '--name', 'cli-acc', '--space', SPACE, '--objective', 'accuracy:maximize', '--constraint', 'f1>=0.5');
    await baytune(server, 'ask', 'cli-acc', '--count', '2');
    await baytune(server, 'tell', 'cli-acc', '0', '--values', 'accuracy=0.9,f1=0.4');
    await baytune(server, 'tell', 'cli-acc', '1', '--values', 'accuracy=0.8,f1=0.6');
    expect(await baytune(server, 'best', 'cli-acc')).toMatch(/^trial 1 \(.+\) value 0\.8\n/);
    expect((await baytune(server, 'pareto', 'cli-acc')).split('\n')[1]).toMatch(/^1\s+COMPLETE\s+0\.8\s+0\.6\s+yes\s/);
  });

  it('refuses --direction with --objective and a bad direction before calling the server', async () => {
    await expect(baytune(server, 'create', '--name', 'x', '--space', SPACE, '--direction', 'maximize', '--objective', 'a')).rejects.toThrow('give --direction (one objective) or --objective (one or more), not both');
    await expect(baytune(server, 'create', '--name', 'x', '--space', SPACE, '--direction', 'up')).rejects.toThrow('--direction must be minimize or maximize, got "up"');
    await expect(baytune(server, 'create', '--name', 'x', '--space', SPACE, '--constraint', 'mem=3')).rejects.toThrow('--constraint "mem=3"');
  });
});

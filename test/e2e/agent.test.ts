import * as path from 'node:path';
import { HttpStudyClient } from '../../src/client/http-client';
import { runAgent, type AgentOptions, type AgentTrialOutcome } from '../../src/cli/agent-loop';
import { resolveConfig } from '../../src/infra/config';
import { startServer, type RunningServer } from '../../src/main';
import { tempStudyDir } from '../trainers/context';

const SCRIPT = path.join(__dirname, '..', '..', 'examples', 'agent_example.py');

describe('baytune agent runs a real python3 program against a real server', () => {
  let server: RunningServer;
  let client: HttpStudyClient;
  let dir: string;
  beforeAll(async () => {
    dir = tempStudyDir('agent');
    server = await startServer(resolveConfig({ port: 0, db: path.join(dir, 'agent.db'), logLevel: 'silent' }, {}));
    client = new HttpStudyClient({ url: server.url, clientId: 'agent-test' });
  });
  afterAll(async () => {
    await client.close();
    await server.close(1000);
  });

  async function study(name: string, pruner: Record<string, unknown> = { type: 'none' }): Promise<string> {
    const created = await client.createStudy({ name, space: { lr: { type: 'float', low: 0.001, high: 10, log: true }, l2: { type: 'float', low: 0, high: 0.01 } }, pruner: pruner as { type: string } });
    return created.id;
  }

  function agent(studyId: string, command: string[], extra: Partial<AgentOptions> = {}): Promise<AgentTrialOutcome[]> {
    const lines: string[] = [];
    return runAgent({ client, studyId, command, clientId: 'agent-test', trials: 1, killGraceSeconds: 1, workDir: path.join(dir, 'work'), signal: new AbortController().signal, log: (l) => lines.push(l), ...extra });
  }

  it('passes params as placeholders, env JSON and file, and stores reports and the final value', async () => {
    const id = await study('ok');
    const [outcome] = await agent(id, ['python3', SCRIPT, '--lr', '{lr}', '--epochs', '3']);
    expect(outcome?.state).toBe('COMPLETE');
    const trial = await client.getTrial(id, (await client.listTrials(id)).trials[0]?.id as string);
    expect(trial.intermediate_values.map((v) => v.step)).toEqual([1, 2, 3]);
    expect(trial.value).toBeCloseTo(trial.intermediate_values[2]?.value as number, 12);
  });

  it('fails a crashing program with its exit code and the tail of stderr', async () => {
    const id = await study('crash');
    const [outcome] = await agent(id, ['python3', SCRIPT, '--crash-at', '2']);
    expect(outcome?.state).toBe('FAIL');
    const trial = (await client.listTrials(id)).trials[0];
    expect(trial?.fail_reason).toMatch(/exit code 1; stderr tail:[\s\S]*simulated crash at epoch 2/);
    expect(trial?.intermediate_values).toHaveLength(1);
  });

  it('kills a program that outlives --timeout and fails its trial', async () => {
    const id = await study('slow');
    const [outcome] = await agent(id, ['python3', SCRIPT, '--sleep', '5', '--epochs', '3'], { timeoutSeconds: 1 });
    expect(outcome?.state).toBe('FAIL');
    expect(outcome?.reason).toMatch(/^timed out after 1 s/);
  });

  it('escalates to SIGKILL when the program ignores SIGTERM', async () => {
    const id = await study('stubborn');
    const stubborn = 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print("baytune: {\\"step\\": 1, \\"value\\": 1}", flush=True); time.sleep(60)';
    // Without SIGKILL the program would sleep 60 s and this test would run into Jest's timeout.
    const [outcome] = await agent(id, ['python3', '-c', stubborn], { timeoutSeconds: 1, killGraceSeconds: 1 });
    expect(outcome?.state).toBe('FAIL');
    expect(outcome?.reason).toMatch(/^timed out after 1 s/);
    expect((await client.listTrials(id)).trials[0]?.intermediate_values).toEqual([{ step: 1, value: 1 }]);
  });

  it('stops a hopeless program when the median pruner says so and records PRUNED', async () => {
    const id = await study('prune', { type: 'median', n_startup_trials: 2, n_warmup_steps: 0 });
    for (const lr of [0.05, 0.1]) await client.addTrial(id, { params: { lr, l2: 0.001 } });
    await client.addTrial(id, { params: { lr: 9, l2: 0.001 } });
    const outcomes = await agent(id, ['python3', SCRIPT, '--epochs', '6'], { trials: 3 });
    expect(outcomes.map((o) => o.state)).toEqual(['COMPLETE', 'COMPLETE', 'PRUNED']);
    const pruned = (await client.listTrials(id, { state: ['PRUNED'] })).trials[0];
    expect(pruned?.params.lr).toBe(9);
    expect(pruned?.intermediate_values.length).toBeLessThan(6);
  });

  it('takes the value from BAYTUNE_RESULT_FILE and refuses a program that does not exist before asking', async () => {
    const id = await study('result-file');
    const writer = 'import json, os; p = json.load(open(os.environ["BAYTUNE_PARAMS_FILE"])); json.dump({"value": p["lr"] * 2}, open(os.environ["BAYTUNE_RESULT_FILE"], "w"))';
    const [written] = await agent(id, ['python3', '-c', writer]);
    const trial = (await client.listTrials(id)).trials[0];
    expect(written?.state).toBe('COMPLETE');
    expect(trial?.value).toBeCloseTo((trial?.params.lr as number) * 2, 12);
    await expect(agent(id, ['/nonexistent/baytune-program'], { trials: 3 })).rejects.toThrow('cannot find the program "/nonexistent/baytune-program"; no trial was asked for');
    await expect(agent(id, ['nonexistent-baytune-prog'], { trials: 3 })).rejects.toThrow(/"nonexistent-baytune-prog" on PATH/);
    expect((await client.listTrials(id)).trials).toHaveLength(1);
  });

  it('answers 400 naming pruner.<option> for a bad pruner option', async () => {
    await expect(study('bad-pruner', { type: 'median', n_warmup_steps: -1 })).rejects.toMatchObject({ status: 400, code: 'invalid_pruner', field: 'pruner.n_warmup_steps' });
    await expect(study('bad-sh', { type: 'successive-halving', reduction_factor: 1 })).rejects.toMatchObject({ status: 400, field: 'pruner.reduction_factor' });
  });

  it('refuses placeholders that name no parameter before any trial', async () => {
    const id = await study('typo');
    await expect(agent(id, ['python3', SCRIPT, '--lr', '{learning_rate}'])).rejects.toThrow(/\{learning_rate\} are not parameters of study typo; it has lr, l2/);
    expect((await client.listTrials(id)).trials).toHaveLength(0);
  });
});

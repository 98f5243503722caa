import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAgent } from '../../src/cli/agent-loop';
import { summaryTable } from '../../src/cli/run-output';
import { runStudy, type RunOptions } from '../../src/cli/run-study';
import { HttpStudyClient } from '../../src/client/http-client';
import type { StudyClient } from '../../src/client/study-client';
import { openStudies } from '../../src/index';
import type { Trainer } from '../../src/trainer/trainer';
import { applySpaceOverrides } from '../../src/trainer/space-override';
import { createMlpTrainer } from '../../trainers/mlp';
import { startTestServer, type TestServer } from '../helpers/server';
import { tempStudyDir } from '../trainers/context';

const quiet = { info: () => undefined, warn: () => undefined };

function options(client: StudyClient, trainer: Trainer, dir: string, extra: Partial<RunOptions>): RunOptions {
  return { client, trainer, studyName: `mo-${path.basename(dir)}`, space: trainer.space, trials: 3, workers: 1, weightsRoot: path.join(dir, 'weights'), baseSeed: 1, leaseSeconds: 60, signal: new AbortController().signal, logger: quiet, ...extra };
}

describe('baytune run with several objectives and constraints on a local SQLite study', () => {
  let dir: string;
  let client: StudyClient;
  beforeEach(async () => {
    dir = tempStudyDir('run-mo');
    client = await openStudies({ storage: path.join(dir, 'study.db') });
  });
  afterEach(() => client.close());

  it('trains the mlp minimising val_loss and param_count with train_seconds<=30, and shows the Pareto front', async () => {
    const mlp = createMlpTrainer({ dataset: 'iris' });
    const space = applySpaceOverrides(mlp.space, { epochs: { type: 'int', low: 1, high: 2 }, n_layers: { type: 'int', low: 1, high: 1 }, units_1: { type: 'int', low: 4, high: 16 }, batch_norm: { type: 'categorical', choices: [false] }, learning_rate: { type: 'float', low: 1e-3, high: 1e-2, log: true } });
    const lines: string[] = [];
    const summary = await runStudy(options(client, mlp, dir, {
      space, trials: 3, sampler: { type: 'random', seed: 2 },
      objectives: [{ name: 'val_loss', direction: 'minimize' }, { name: 'param_count', direction: 'minimize' }],
      constraints: [{ name: 'train_seconds', max: 30 }],
      onTrialDone: (o, _best, front) => lines.push(`${o.state} ${Object.keys(o.values ?? {}).join(',')} front=${front}`),
    }));
    const { trials } = await client.listTrials(summary.study.id);
    expect(trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
    for (const t of trials) {
      expect(Object.keys(t.values ?? {})).toEqual(['val_loss', 'param_count', 'train_seconds']);
      // NOTE: one hidden layer of u units on iris (4 features, 3 classes): 4u + u + 3u + 3 weights.
      expect(t.values?.param_count).toBe(8 * (t.params.units_1 as number) + 3);
      expect(t.intermediate_values).toEqual([]);
    }
    expect(lines.every((l) => /^COMPLETE val_loss,param_count,train_seconds front=[1-3]$/.test(l))).toBe(true);
    const front = await client.pareto(summary.study.id);
    expect(summary.best.map((t) => t.number)).toEqual(front.map((t) => t.number));
    const table = summaryTable(summary, null).split('\n');
    expect(table[1]).toBe('objectives: val_loss minimized, param_count minimized; constraints train_seconds <= 30; rows: the Pareto front (feasible trials no other beats on every objective)');
    expect(table[3]).toMatch(/^rank\s+trial\s+val_loss\s+param_count\s+train_seconds\s+val_accuracy\s/);

    const again = runStudy(options(client, mlp, dir, { space, trials: 1, objectives: [{ name: 'val_loss', direction: 'minimize' }] }));
    await expect(again).rejects.toThrow(/exists with other objectives: stored val_loss:minimize, param_count:minimize, requested val_loss:minimize/);
  });

  it('reports a single named objective every epoch, and fails a trial whose trainer lacks a constrained metric', async () => {
    const trainer: Trainer = {
      name: 'named', description: 'accuracy and size', space: { x: { type: 'float', low: 0, high: 1 } },
      train: async (params, context) => {
        const x = params.x as number;
        await context.report(1, { value: 1 - x, accuracy: x / 2 });
        return { value: 1 - x, metrics: { accuracy: x, ...(x > 0.5 ? { size_mb: 10 * x } : {}) } };
      },
    };
    const summary = await runStudy(options(client, trainer, dir, { trials: 4, sampler: { type: 'random', seed: 5 }, objectives: [{ name: 'accuracy', direction: 'maximize' }], constraints: [{ name: 'size_mb', max: 8 }] }));
    const { trials } = await client.listTrials(summary.study.id);
    for (const t of trials) {
      const x = t.params.x as number;
      expect(t.intermediate_values).toEqual([{ step: 1, value: x / 2 }]);
      if (x > 0.5) expect({ state: t.state, values: t.values, feasible: t.feasible }).toEqual({ state: 'COMPLETE', values: { accuracy: x, size_mb: 10 * x }, feasible: 10 * x <= 8 });
      else expect(t.fail_reason).toContain('the study needs metric "size_mb" but the trainer returned none of that name (it returned value, accuracy)');
    }
    const feasible = trials.filter((t) => t.feasible === true).map((t) => t.params.x as number);
    expect(summary.best.map((t) => t.params.x)).toEqual([...feasible].sort((a, b) => b - a));
  });
});

describe('baytune agent with named metrics against a real server', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = tempStudyDir('agent-mo');
  });
  afterAll(() => server.stop());

  it('tells the values a program prints, and fails a trial missing one', async () => {
    const client = new HttpStudyClient({ url: server.url, clientId: 'agent-mo' });
    const study = await client.createStudy({ name: 'agent-mo', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random', seed: 1 }, objectives: [{ name: 'loss', direction: 'minimize' }, { name: 'size', direction: 'minimize' }] });
    const script = path.join(dir, 'program.js');
    fs.writeFileSync(script, [
      'const x = Number(process.argv[2]);',
      'console.log("baytune: " + JSON.stringify({ step: 1, value: x }));',
      'console.log("baytune: " + JSON.stringify({ values: process.argv[3] === "all" ? { loss: x, size: 1 - x, extra: 3 } : { loss: x } }));',
    ].join('\n'));
    const run = (metrics: string) => runAgent({ client, studyId: 'agent-mo', command: [process.execPath, script, '{x}', metrics], clientId: 'agent-mo', trials: 1, killGraceSeconds: 1, workDir: path.join(dir, 'work'), signal: new AbortController().signal, log: () => undefined });
    const [done] = await run('all');
    const trial = (await client.listTrials(study.id)).trials[0]!;
    expect(done).toMatchObject({ state: 'COMPLETE', value: null });
    expect(trial.values).toEqual({ loss: trial.params.x, size: 1 - (trial.params.x as number) });
    expect(trial.intermediate_values).toEqual([]);
    const [failed] = await run('loss only');
    expect(failed?.state).toBe('FAIL');
    expect(failed?.reason).toContain('the study needs metric "size"');
    await client.close();
  });
});

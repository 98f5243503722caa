import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StudyClient } from '../../src/client/study-client';
import { runStudy, type RunOptions } from '../../src/cli/run-study';
import { HttpStudyClient } from '../../src/client/http-client';
import { resolveConfig } from '../../src/infra/config';
import { openStudies } from '../../src/index';
import { startServer } from '../../src/main';
import { loadTrainer } from '../../src/trainer/load-trainer';
import { trainerOptionsFrom } from '../../src/cli/trainer-options';
import { createMlpTrainer } from '../../trainers/mlp';
import { applySpaceOverrides } from '../../src/trainer/space-override';
import type { Trainer } from '../../src/trainer/trainer';
import { tempStudyDir } from '../trainers/context';

const quiet = { info: () => undefined, warn: () => undefined };

function options(client: StudyClient, trainer: Trainer, dir: string, extra: Partial<RunOptions> = {}): RunOptions {
  return { client, trainer, studyName: `s-${path.basename(dir)}`, space: trainer.space, trials: 2, workers: 1, weightsRoot: path.join(dir, 'weights'), baseSeed: 1, leaseSeconds: 60, signal: new AbortController().signal, logger: quiet, ...extra };
}

describe('baytune run on a local SQLite study', () => {
  let dir: string;
  let client: StudyClient;
  beforeEach(async () => {
    dir = tempStudyDir('run');
    client = await openStudies({ storage: path.join(dir, 'study.db') });
  });
  afterEach(() => client.close());

  it('completes a small study with 2 workers, saving weights and ranking the best trials', async () => {
    const mlp = createMlpTrainer({ dataset: 'iris' });
    const space = applySpaceOverrides(mlp.space, { epochs: { type: 'int', low: 1, high: 3 }, n_layers: { type: 'int', low: 1, high: 2 } });
    const summary = await runStudy(options(client, mlp, dir, { space, trials: 4, workers: 2, sampler: { type: 'random', seed: 3 } }));
    expect(summary.outcomes).toHaveLength(4);
    const { trials } = await client.listTrials(summary.study.id);
    expect(trials.map((t) => t.number).sort()).toEqual([0, 1, 2, 3]);
    expect(trials.every((t) => t.state === 'COMPLETE' && t.intermediate_values.length === t.params.epochs)).toBe(true);
    const values = summary.best.map((t) => t.value as number);
    expect(values).toEqual(values.slice().sort((a, b) => a - b));
    const bestDir = (summary.best[0]?.user_attrs as { weights_dir: string }).weights_dir;
    expect(fs.existsSync(path.join(bestDir, 'weights.bin'))).toBe(true);
    expect(bestDir).toBe(path.join(summary.studyDir, String(summary.best[0]?.number)));
  });

  it('records a throwing trainer as FAIL with its error and goes on, and resumes the study by name', async () => {
    let calls = 0;
    const flaky: Trainer = {
      name: 'flaky',
      description: 'fails every other trial',
      space: { x: { type: 'float', low: 0, high: 1 } },
      train: async (params) => {
        calls += 1;
        if (calls % 2 === 1) throw new Error('out of coffee');
        return { value: params.x as number };
      },
    };
    const first = await runStudy(options(client, flaky, dir, { trials: 2 }));
    expect(first.outcomes.map((o) => o.state)).toEqual(['FAIL', 'COMPLETE']);
    const failed = (await client.listTrials(first.study.id, { state: ['FAIL'] })).trials[0];
    expect(failed?.fail_reason).toContain('out of coffee');
    const second = await runStudy(options(client, flaky, dir, { trials: 2 }));
    expect(second.study.id).toBe(first.study.id);
    expect((await client.listTrials(first.study.id)).trials).toHaveLength(4);
  });

  it('the median pruner stops a hopeless trial of the example trainer through real reports', async () => {
    const quadratic = loadTrainer(path.join(__dirname, '..', '..', 'examples', 'quadratic-trainer.js'));
    const first = await runStudy(options(client, quadratic, dir, { trials: 0, pruner: { type: 'median', n_startup_trials: 2, n_warmup_steps: 2 } }));
    for (const lr of [0.3, 0.2, 0.001]) await client.addTrial(first.study.id, { params: { lr, use_momentum: false } });
    const summary = await runStudy(options(client, quadratic, dir, { trials: 3 }));
    expect(summary.outcomes.map((o) => o.state)).toEqual(['COMPLETE', 'COMPLETE', 'PRUNED']);
    const pruned = (await client.listTrials(first.study.id, { state: ['PRUNED'] })).trials[0];
    expect(pruned?.params.lr).toBe(0.001);
    expect(pruned?.intermediate_values.map((v) => v.step)).toEqual([1, 2]);
    expect(pruned?.value).toBe(pruned?.intermediate_values[1]?.value);
  });

  it('successive halving stops a trial that is not in the top half at a rung', async () => {
    const quadratic = loadTrainer(path.join(__dirname, '..', '..', 'examples', 'quadratic-trainer.js'));
    const first = await runStudy(options(client, quadratic, dir, { trials: 0, pruner: { type: 'successive-halving', min_resource: 2, reduction_factor: 2 } }));
    for (const lr of [0.3, 0.001]) await client.addTrial(first.study.id, { params: { lr, use_momentum: false } });
    const summary = await runStudy(options(client, quadratic, dir, { trials: 2 }));
    expect(summary.outcomes.map((o) => o.state)).toEqual(['COMPLETE', 'PRUNED']);
    const pruned = (await client.listTrials(first.study.id, { state: ['PRUNED'] })).trials[0];
    expect(pruned?.intermediate_values.map((v) => v.step)).toEqual([1, 2]);
  });

  it('goes on when a trial was finished behind its back (reaped after a lapsed lease)', async () => {
    let studyId = '';
    const reaped: Trainer = {
      name: 'reaped',
      description: 'its trial is failed by someone else while it trains',
      space: { x: { type: 'float', low: 0, high: 1 } },
      train: async () => {
        const [running] = (await client.listTrials(studyId, { state: ['RUNNING'] })).trials;
        await client.tell(studyId, running?.id as string, { state: 'FAIL', reason: 'lease expired' });
        return { value: 1 };
      },
    };
    studyId = (await runStudy(options(client, reaped, dir, { trials: 0 }))).study.id;
    const summary = await runStudy(options(client, reaped, dir, { trials: 2 }));
    expect(summary.outcomes.map((o) => o.state)).toEqual(['FAIL', 'FAIL']);
    const { trials } = await client.listTrials(studyId);
    expect(trials.map((t) => t.fail_reason)).toEqual(['lease expired', 'lease expired']);
  });

  it('stops asking when a grid study is exhausted and keeps the results', async () => {
    const pick: Trainer = { name: 'pick', description: 'value of x', space: { x: { type: 'categorical', choices: [1, 2, 3] } }, train: async (p) => ({ value: p.x as number }) };
    const summary = await runStudy(options(client, pick, dir, { trials: 5, sampler: { type: 'grid' } }));
    expect(summary.outcomes.map((o) => o.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
    expect(summary.best.map((t) => t.value)).toEqual([1, 2, 3]);
  });

  it('tells running trials FAIL "interrupted" when the run is stopped', async () => {
    const controller = new AbortController();
    const slow: Trainer = {
      name: 'slow',
      description: 'reports until aborted',
      space: { x: { type: 'float', low: 0, high: 1 } },
      train: async (_params, ctx) => {
        for (let step = 1; ; step += 1) {
          if (ctx.signal.aborted) throw new Error('stopped');
          await ctx.report(step, { value: 1 / step });
          if (step === 2) controller.abort();
        }
      },
    };
    const summary = await runStudy(options(client, slow, dir, { trials: 5, workers: 2, signal: controller.signal }));
    expect(summary.interrupted).toBe(true);
    const { trials } = await client.listTrials(summary.study.id);
    // Each worker ran at most one trial and told it FAIL 'interrupted'; nothing is left RUNNING. (The
    // service may also have failed a concurrent duplicate suggestion itself, with its own reason.)
    expect(summary.outcomes.length).toBeGreaterThanOrEqual(1);
    expect(summary.outcomes.length).toBeLessThanOrEqual(2);
    expect(summary.outcomes.every((o) => o.state === 'FAIL' && o.reason === 'interrupted')).toBe(true);
    expect(trials.every((t) => t.state === 'FAIL')).toBe(true);
    expect(trials.filter((t) => t.fail_reason === 'interrupted')).toHaveLength(summary.outcomes.length);
  });
});

describe('baytune run against a server (--url)', () => {
  it('runs 2 workers over HTTP, every trial reporting each epoch and told COMPLETE', async () => {
    const dir = tempStudyDir('run-url');
    const server = await startServer(resolveConfig({ port: 0, db: path.join(dir, 'server.db'), logLevel: 'silent' }, {}));
    const client = new HttpStudyClient({ url: server.url, clientId: 'run-test' });
    try {
      const quadratic = loadTrainer(path.join(__dirname, '..', '..', 'examples', 'quadratic-trainer.js'));
      const summary = await runStudy(options(client, quadratic, dir, { trials: 6, workers: 2, sampler: { type: 'random', seed: 4 } }));
      expect(summary.outcomes).toHaveLength(6);
      const { trials } = await client.listTrials(summary.study.id, { state: ['COMPLETE'] });
      expect(trials.length).toBeGreaterThanOrEqual(6);
      expect(trials.every((t) => t.intermediate_values.length === 20)).toBe(true);
      expect(summary.best[0]?.value).toBe(Math.min(...trials.map((t) => t.value as number)));
    } finally {
      await client.close();
      await server.close(1000);
    }
  });
});

describe('heartbeats keep a long trial alive past its lease', () => {
  it('a trial running 3x its lease without reports is not reaped', async () => {
    const dir = tempStudyDir('run-lease');
    const server = await startServer(resolveConfig({ port: 0, db: path.join(dir, 'server.db'), logLevel: 'silent' }, { BAYTUNE_REAP_INTERVAL_SECONDS: '0.5' }));
    const client = new HttpStudyClient({ url: server.url, clientId: 'lease-test' });
    const quiet: Trainer = {
      name: 'quiet',
      description: 'trains 6 s without reporting',
      space: { x: { type: 'float', low: 0, high: 1 } },
      train: async (params) => {
        await new Promise((resolve) => setTimeout(resolve, 6000));
        return { value: params.x as number };
      },
    };
    try {
      const summary = await runStudy(options(client, quiet, dir, { trials: 1, leaseSeconds: 2 }));
      expect(summary.outcomes.map((o) => o.state)).toEqual(['COMPLETE']);
      const [trial] = (await client.listTrials(summary.study.id)).trials;
      expect(trial?.state).toBe('COMPLETE');
      expect(Date.parse(trial?.heartbeat_at as string)).toBeGreaterThan(Date.parse(trial?.started_at as string));
    } finally {
      await client.close();
      await server.close(1000);
    }
  });
});

describe('trainer loading and space overrides fail before any trial', () => {
  it('names the bundled trainers for an unknown name', () => {
    expect(() => loadTrainer('resnet')).toThrow(/unknown trainer "resnet".*mlp, cnn, regression/);
  });

  it('checks a bundled trainer\'s typed settings when it is chosen, naming the valid values; the CLI maps the documented env vars to them', () => {
    const options = trainerOptionsFrom(undefined, { BAYTUNE_MLP_DATASET: 'wine', BAYTUNE_MNIST_DOWNSAMPLE: '3' });
    expect(options).toEqual({ backend: 'auto', settings: { dataset: 'wine', downsample: '3' } });
    expect(() => loadTrainer('mlp', options)).toThrow(/mlp dataset "wine" is unknown; use one of iris, penguins/);
    expect(() => loadTrainer('cnn', options)).toThrow(/downsampling must be 1, 2 or 4/);
    expect(loadTrainer('regression', options).name).toBe('regression');
    expect(() => trainerOptionsFrom('gpu', {})).toThrow(/--backend \(or BAYTUNE_TFJS_BACKEND\) must be auto, tensorflow, wasm, cpu \(got "gpu"\)/);
  });

  it('loads a trainer file and rejects a module that is not a trainer', () => {
    const dir = tempStudyDir('load');
    fs.writeFileSync(path.join(dir, 'good.js'), "module.exports = { name: 'q', description: 'quadratic', space: { x: { type: 'float', low: -1, high: 1 } }, train: async (p) => ({ value: p.x * p.x }) };");
    fs.writeFileSync(path.join(dir, 'bad.js'), "module.exports = { name: 'q', description: 'no train' , space: {} };");
    expect(loadTrainer('./good.js', {}, dir).name).toBe('q');
    expect(() => loadTrainer('./bad.js', {}, dir)).toThrow(/does not export a trainer \("train" must be a function/);
    expect(() => loadTrainer('./missing.js', {}, dir)).toThrow(/does not exist/);
  });

  it('loads an installed npm package by name, exported as default', () => {
    const dir = tempStudyDir('pkg');
    const pkg = path.join(dir, 'node_modules', 'baytune-trainer-demo');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'baytune-trainer-demo', main: 'main.js' }));
    fs.writeFileSync(path.join(pkg, 'main.js'), "exports.default = { name: 'pkg', description: 'from npm', space: { x: { type: 'int', low: 0, high: 3 } }, train: async (p) => ({ value: p.x }) };");
    expect(loadTrainer('baytune-trainer-demo', {}, dir).description).toBe('from npm');
    expect(() => loadTrainer('baytune-trainer-absent', {}, dir)).toThrow(/no npm package of that name is installed/);
  });

  it('rejects overrides naming unknown parameters, other types or values outside the trainer space', () => {
    const space = createMlpTrainer({ dataset: 'iris' }).space;
    expect(() => applySpaceOverrides(space, { depth: { type: 'int', low: 1, high: 2 } })).toThrow(/does not have; its parameters are n_layers, units_1/);
    expect(() => applySpaceOverrides(space, { optimizer: { type: 'categorical', choices: ['lbfgs'] } })).toThrow(/"lbfgs".*valid: \["sgd","momentum","adam","rmsprop"\]/);
    expect(() => applySpaceOverrides(space, { n_layers: { type: 'int', low: 1, high: 9 } })).toThrow(/within the trainer's range: int in \[1, 3\]/);
    expect(() => applySpaceOverrides(space, { epochs: { type: 'float', low: 1, high: 2 } })).toThrow(/must stay int/);
  });

  it('drops children a narrowed parent can no longer reach', () => {
    const space = createMlpTrainer({ dataset: 'iris' }).space;
    const narrowed = applySpaceOverrides(space, { optimizer: { type: 'categorical', choices: ['adam'] }, n_layers: { type: 'int', low: 1, high: 2 } });
    expect(Object.keys(narrowed)).toEqual(expect.arrayContaining(['adam_beta1', 'units_2']));
    expect(Object.keys(narrowed)).not.toEqual(expect.arrayContaining(['momentum']));
    expect(narrowed.units_3).toBeUndefined();
    expect(narrowed.units_2?.condition).toEqual({ parent: 'n_layers', values: [2] });
  });
});

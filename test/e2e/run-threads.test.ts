import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiTrial } from '../../src/api/types';
import { CLI_ENTRY, pause, runCli, startServerProcess } from '../helpers/process';
import { trialsOf } from '../helpers/study-trials';
import { HttpStudyClient } from '../../src/client/http-client';
import { tempStudyDir } from '../trainers/context';

// `baytune run --workers N` from the compiled CLI (dist/, built by global-setup): each worker loop
// trains on its own worker thread. Everything here is behaviour, never wall-clock time.

function overlaps(a: ApiTrial, b: ApiTrial): boolean {
  const [aStart, aEnd, bStart, bEnd] = [a.started_at, a.completed_at, b.started_at, b.completed_at].map((t) => Date.parse(t as string)) as [number, number, number, number];
  return aStart < bEnd && bStart < aEnd;
}

/** Writes a trainer file into `dir` whose `train` body is `body` (params, ctx in scope; node:fs as fs, node:path as path). */
function trainerFile(dir: string, name: string, body: string): string {
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(file, [
    "const fs = require('node:fs');",
    "const path = require('node:path');",
    "const { threadId } = require('node:worker_threads');",
    `module.exports = { name: '${name}', description: 'test trainer', space: { x: { type: 'float', low: 0, high: 1 } },`,
    `  train: async (params, ctx) => { ${body} } };`,
  ].join('\n'));
  return file;
}

describe('baytune run --workers 2 trains on two threads (compiled CLI)', () => {
  it('runs the mlp on two threads whose trials overlap, every trial COMPLETE with its per-epoch reports', async () => {
    const dir = tempStudyDir('run-threads');
    const space = path.join(dir, 'space.json');
    fs.writeFileSync(space, JSON.stringify({ epochs: { type: 'int', low: 2, high: 4 }, n_layers: { type: 'int', low: 1, high: 1 }, batch_size: { type: 'categorical', choices: [32] } }));
    const db = path.join(dir, 'study.db');
    const run = await runCli(['run', '--trainer', 'mlp', '--trials', '6', '--workers', '2', '--space', space, '--db', db, '--weights', path.join(dir, 'w'), '--study', 'mlp-threads', '--sampler', '{"type":"random","seed":2}'], {}, 120_000);
    expect(run).toMatchObject({ code: 0 });
    // Each thread picks its own backend and says so once.
    expect(run.output.match(/^TF\.js backend: \w+/gm)).toHaveLength(2);
    expect(run.output).toMatch(/this run 6 COMPLETE, 0 PRUNED, 0 FAIL; TF\.js backend \w+/);
    const trials = await trialsOf(db, 'mlp-threads');
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const t of trials) {
      expect(t.state).toBe('COMPLETE');
      expect(t.intermediate_values.map((v) => v.step)).toEqual(Array.from({ length: t.params.epochs as number }, (_, i) => i + 1));
      expect(fs.existsSync(path.join((t.user_attrs as { weights_dir: string }).weights_dir, 'weights.bin'))).toBe(true);
    }
    const clients = [...new Set(trials.map((t) => t.client_id))];
    expect(clients).toHaveLength(2);
    expect(trials.some((a) => trials.some((b) => a.client_id !== b.client_id && overlaps(a, b)))).toBe(true);
  });

  it('runs two trials at once: each blocks its thread until the other has started', async () => {
    const dir = tempStudyDir('run-rendezvous');
    // NOTE: synchronous waiting; on one JavaScript thread the first trial would block the second
    // from ever starting (it then fails at the 20 s cap), so both completing proves two threads.
    const file = trainerFile(dir, 'rendezvous', `
      fs.writeFileSync(path.join(__dirname, 'started-' + ctx.trialNumber), String(threadId));
      const until = Date.now() + 20000;
      while (fs.readdirSync(__dirname).filter((f) => f.startsWith('started-')).length < 2) {
        if (Date.now() > until) throw new Error('no other trial ran alongside');
      }
      await ctx.report(1, { value: params.x });
      return { value: params.x, metrics: { thread_id: threadId } };`);
    const db = path.join(dir, 'study.db');
    const run = await runCli(['run', '--trainer', file, '--trials', '2', '--workers', '2', '--db', db, '--weights', path.join(dir, 'w'), '--study', 'rendezvous'], {}, 45_000);
    expect(run).toMatchObject({ code: 0 });
    const trials = await trialsOf(db, 'rendezvous');
    expect(trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE']);
    const threads = trials.map((t) => (t.user_attrs as { metrics: { thread_id: number } }).metrics.thread_id);
    expect(new Set(threads).size).toBe(2);
    expect(threads.every((id) => id > 0)).toBe(true);
  });

  it('fails a trial whose trainer throws, exits its thread or crashes it, and goes on with new threads', async () => {
    const dir = tempStudyDir('run-crashes');
    const file = trainerFile(dir, 'fragile', `
      ctx.logger.info('trial ' + ctx.trialNumber + ' on thread ' + threadId);
      if (ctx.trialNumber === 0) throw new Error('out of coffee');
      if (ctx.trialNumber === 1) process.exit(3);
      if (ctx.trialNumber === 2) { setTimeout(() => { throw new Error('thread blew up'); }, 0); return new Promise(() => undefined); }
      for (let step = 1; step <= 3; step += 1) await ctx.report(step, { value: params.x / step });
      return { value: params.x / 3, metrics: { thread_id: threadId } };`);
    const db = path.join(dir, 'study.db');
    const run = await runCli(['run', '--trainer', file, '--trials', '6', '--workers', '2', '--db', db, '--weights', path.join(dir, 'w'), '--study', 'fragile'], {}, 90_000);
    expect(run).toMatchObject({ code: 0 });
    expect(run.output).toMatch(/^trial 5 on thread \d+$/m);
    const trials = await trialsOf(db, 'fragile');
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL', 'FAIL', 'COMPLETE', 'COMPLETE', 'COMPLETE']);
    expect(trials[0]?.fail_reason).toBe('fragile failed: out of coffee');
    expect(trials[1]?.fail_reason).toBe('fragile failed: trainer thread exited with code 3');
    expect(trials[2]?.fail_reason).toBe('fragile failed: trainer thread crashed: thread blew up');
    for (const t of trials.slice(3)) {
      expect(t.intermediate_values.map((v) => v.step)).toEqual([1, 2, 3]);
      expect((t.user_attrs as { metrics: { thread_id: number } }).metrics.thread_id).toBeGreaterThan(0);
    }
  });

  it('--url: two threads train the example trainer against a server process, reporting every step', async () => {
    const dir = tempStudyDir('run-threads-url');
    const server = await startServerProcess({ db: path.join(dir, 'server.db') });
    const client = new HttpStudyClient({ url: server.url, clientId: 'run-threads-test' });
    try {
      const example = path.join(__dirname, '..', '..', 'examples', 'quadratic-trainer.js');
      const run = await runCli(['run', '--trainer', example, '--trials', '4', '--workers', '2', '--url', server.url, '--weights', path.join(dir, 'w'), '--study', 'quadratic-url'], {}, 60_000);
      expect(run).toMatchObject({ code: 0 });
      const study = (await client.listStudies()).find((s) => s.name === 'quadratic-url');
      const { trials } = await client.listTrials(study?.id as string);
      expect(trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE']);
      expect(trials.every((t) => t.intermediate_values.length === 20)).toBe(true);
      expect(new Set(trials.map((t) => t.client_id)).size).toBe(2);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('Ctrl-C aborts the trainers inside their threads: trials FAIL "interrupted" and the run exits 130', async () => {
    const dir = tempStudyDir('run-sigint');
    const file = trainerFile(dir, 'endless', `
      ctx.logger.info('trial ' + ctx.trialNumber + ' training');
      for (let step = 1; !ctx.signal.aborted; step += 1) {
        await ctx.report(step, { value: 1 / step });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      fs.writeFileSync(path.join(__dirname, 'aborted-' + ctx.trialNumber), '');
      throw new Error('stopped');`);
    const db = path.join(dir, 'study.db');
    const child = spawn(process.execPath, [CLI_ENTRY, 'run', '--trainer', file, '--trials', '4', '--workers', '2', '--db', db, '--weights', path.join(dir, 'w'), '--study', 'endless'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 1500 && (output.match(/^trial \d training$/gm) ?? []).length < 2; i += 1) await pause(20);
      expect(output.match(/^trial \d training$/gm)).toHaveLength(2);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
    const trials = await trialsOf(db, 'endless');
    expect(trials.map((t) => [t.state, t.fail_reason])).toEqual([['FAIL', 'interrupted'], ['FAIL', 'interrupted']]);
    expect(trials.every((t) => t.intermediate_values.length > 0)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('aborted-')).sort()).toEqual(['aborted-0', 'aborted-1']);
  });
});

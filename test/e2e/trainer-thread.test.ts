import * as fs from 'node:fs';
import { join } from 'node:path';
import type * as ThreadModule from '../../src/cli/trainer-thread';
import type { Trainer } from '../../src/trainer/trainer';
import { tempStudyDir, testContext } from '../trainers/context';

// The thread needs compiled JavaScript: load ThreadTrainer from dist/ (built by global-setup).
const DIST = join(__dirname, '..', '..', 'dist', 'src', 'cli');

const TRAINER = `
const { threadId } = require('node:worker_threads');
module.exports = {
  name: 'steps', description: 'reports until told to stop', space: { x: { type: 'float', low: 0, high: 1 } },
  async train(params, ctx) {
    if (params.mode === 'hang') return new Promise(() => undefined);
    ctx.logger.warn('thread ' + threadId + ' seed ' + ctx.seed);
    for (let step = 1; step <= 10; step += 1) {
      if (await ctx.report(step, { value: params.x * step, extra: step })) return { value: params.x * step, metrics: { steps: step } };
    }
    return { value: 0 };
  },
};`;

describe('ThreadTrainer on the compiled trainer thread', () => {
  let threads: typeof ThreadModule;
  let dir: string;
  const local: Trainer = { name: 'steps', description: 'here', space: {}, direction: 'maximize', train: () => Promise.reject(new Error('not here')) };
  beforeAll(async () => {
    threads = (await import(join(DIST, 'trainer-thread.js'))) as typeof ThreadModule;
    dir = tempStudyDir('thread');
    fs.writeFileSync(join(dir, 'steps.js'), TRAINER);
  });

  it('forwards reports with their metrics and answers the prune decision back; logs come through', async () => {
    const entry = threads.trainerThreadEntry() as string;
    expect(entry).toMatch(/dist\/src\/cli\/trainer-thread-worker\.js$/);
    const trainer = new threads.ThreadTrainer(entry, { spec: './steps.js', cwd: dir }, local);
    try {
      expect([trainer.name, trainer.direction]).toEqual(['steps', 'maximize']);
      const context = testContext(dir, 0, { seed: 11, stopAfter: 3 });
      const metrics: Record<string, number>[] = [];
      const report = context.report;
      context.report = (step, m) => (metrics.push(m), report(step, m));
      expect(await trainer.train({ x: 0.5 }, context)).toEqual({ value: 1.5, metrics: { steps: 3 } });
      expect(metrics).toEqual([{ value: 0.5, extra: 1 }, { value: 1, extra: 2 }, { value: 1.5, extra: 3 }]);
      expect(context.logs).toEqual([expect.stringMatching(/^thread [1-9]\d* seed 11$/)]);
      // The same thread serves the next call.
      const again = testContext(dir, 1, { stopAfter: 1 });
      await trainer.train({ x: 1 }, again);
      expect(again.logs[0]?.split(' ')[1]).toBe(context.logs[0]?.split(' ')[1]);
    } finally {
      await trainer.close();
    }
  });

  it('a report that throws rejects inside the thread, and the trainer error comes back with its message', async () => {
    const trainer = new threads.ThreadTrainer(threads.trainerThreadEntry() as string, { spec: './steps.js', cwd: dir }, local);
    try {
      const context = testContext(dir, 2);
      context.report = () => Promise.reject(new Error('trial already finished'));
      await expect(trainer.train({ x: 1 }, context)).rejects.toThrow(/^trial already finished$/);
    } finally {
      await trainer.close();
    }
  });

  it('close() fails a running call and terminates its thread; the next call starts a new one', async () => {
    const trainer = new threads.ThreadTrainer(threads.trainerThreadEntry() as string, { spec: './steps.js', cwd: dir }, local);
    const hanging = trainer.train({ x: 1, mode: 'hang' }, testContext(dir, 3));
    await trainer.close();
    await expect(hanging).rejects.toThrow('trainer thread terminated');
    try {
      await expect(trainer.train({ x: 0.25 }, testContext(dir, 4, { stopAfter: 2 }))).resolves.toEqual({ value: 0.5, metrics: { steps: 2 } });
    } finally {
      await trainer.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng';
import { call } from '../helpers/server';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { range } from './support/api';

/** A space of `d` floats in [0, 1]. */
function floats(d: number): Record<string, unknown> {
  return Object.fromEntries(range(d).map((i) => [`p${i}`, { type: 'float', low: 0, high: 1 }]));
}

/** Creates a gp study over `d` floats with `n` COMPLETE trials at seeded random points; returns its id. */
async function gpStudy(url: string, name: string, d: number, n: number, sampler: Record<string, unknown>): Promise<string> {
  const created = await call(url, 'POST', '/api/v1/studies', { name, direction: 'minimize', space: floats(d), sampler: { type: 'gp', ...sampler } });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const id = created.body.id as string;
  const rng = new Rng(d * 1000 + n + name.length);
  const points = range(n).map(() => Object.fromEntries(range(d).map((i) => [`p${i}`, rng.uniform(0, 1)])));
  for (let i = 0; i < n; i += 16) {
    await Promise.all(points.slice(i, i + 16).map(async (params) => {
      const value = Object.values(params).reduce((s, v, j) => s + Math.sin(7 * v * (j + 1)), 0);
      const res = await call(url, 'POST', `/api/v1/studies/${id}/trials`, { params, value });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    }));
  }
  return id;
}

/** baytune_model_fits_total summed over samplers, from /metrics. */
async function fits(url: string): Promise<number> {
  const text = (await call(url, 'GET', '/metrics')).body as string;
  return [...text.matchAll(/^baytune_model_fits_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
}

const ASK_DEADLINE_S = 1;

/** Polls fits(url) every 250 ms until it exceeds `before` or `ms` pass; the count then (a fit that outlived its asks' deadlines is counted when it completes). */
async function fitsAfter(url: string, before: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let count = await fits(url);
  while (count <= before && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    count = await fits(url);
  }
  return count;
}

/**
 * Model-based asks on the sampler threads of a real server process (2 threads, 1 s ask deadline).
 * The slow studies have 40 parameters and 800 trials (GET /model) or 80 and 1,200 (the ask): a
 * cold GP fit and search there take longer than the deadline on this machine.
 */
describe('model-based asks on the sampler pool', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baytune-e2e-rounds-'));
    server = await startServerProcess({ db: join(dir, 'rounds.db'), args: ['--sampler-threads', '2', '--ask-deadline', String(ASK_DEADLINE_S)], env: { BAYTUNE_LOG_LEVEL: 'info' } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('16 concurrent asks of one study start one fit, not 16, and get 16 distinct points', async () => {
    const id = await gpStudy(server.url, 'shared-fit', 6, 40, { seed: 2 });
    const before = await fits(server.url);
    const answers = await Promise.all(range(16).map(() => call(server.url, 'POST', `/api/v1/studies/${id}/ask`, {})));
    expect(answers.map((a) => a.status)).toEqual(range(16).map(() => 200));
    // On a loaded machine the asks may answer with their deadline's fallback before the fit is done.
    expect((await fitsAfter(server.url, before, 30_000)) - before).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect((await fits(server.url)) - before).toBe(1);
    const points = new Set(answers.map((a) => JSON.stringify(a.body.trials[0].params)));
    expect(points.size).toBe(16);
  }, 60_000);

  it('/healthz answers while a slow fit runs, and GET /model says 503 with Retry-After until the fit is done', async () => {
    const id = await gpStudy(server.url, 'slow-model', 40, 800, { seed: 3, max_train: 2000 });
    const before = await fits(server.url);
    let settled = false;
    const model = call(server.url, 'GET', `/api/v1/studies/${id}/model?x=p0&y=p1&resolution=10`).finally(() => (settled = true));
    let healthy = 0;
    while (!settled) if ((await call(server.url, 'GET', '/healthz')).status === 200) healthy += 1;
    expect(healthy).toBeGreaterThanOrEqual(3);
    const first = await model;
    expect([200, 503]).toContain(first.status);
    if (first.status === 503) {
      expect(first.body.code).toBe('model_busy');
      expect(first.headers.get('retry-after')).toBe('2');
    }
    let last = first;
    for (let tries = 0; last.status === 503 && tries < 60; tries++) {
      await new Promise((r) => setTimeout(r, 500));
      last = await call(server.url, 'GET', `/api/v1/studies/${id}/model?x=p0&y=p1&resolution=10`);
    }
    expect(last.status).toBe(200);
    expect(Object.values(last.body.importances as Record<string, number>).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(last.body.contour.mean).toHaveLength(10);
    // One fit answered the first call (late) and every retry.
    expect((await fits(server.url)) - before).toBe(1);
  }, 120_000);

  it('an ask answers within 10% of its deadline while the fit runs, and the completed fit serves the next asks', async () => {
    const id = await gpStudy(server.url, 'slow-ask', 80, 1200, { seed: 4, max_train: 2000 });
    const before = await fits(server.url);
    const started = performance.now();
    const first = await call(server.url, 'POST', `/api/v1/studies/${id}/ask`, {});
    const seconds = (performance.now() - started) / 1000;
    expect(first.status).toBe(200);
    // Where the deadline lands (before the fit is ready, or during the acquisition search) depends
    // on the machine's speed; either way the answer is on time and declares its fallback.
    expect(first.body.trials[0].reason.fallback).toMatch(/^deadline: (the model was not ready|local search stopped early)/);
    expect(seconds).toBeLessThanOrEqual(1.1 * ASK_DEADLINE_S);
    let answer = first;
    // A slow machine may need many retries before the one fit is ready; the count below still holds.
    for (const until = Date.now() + 100_000; answer.body.trials[0].reason.predicted_mean === undefined && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await call(server.url, 'POST', `/api/v1/studies/${id}/ask`, {});
      expect(answer.status).toBe(200);
    }
    expect(answer.body.trials[0].reason.strategy).toBe('gp');
    expect(typeof answer.body.trials[0].reason.predicted_mean).toBe('number');
    // Only pending trials were added meanwhile: the one fit served every ask after it, none refitted.
    expect((await fits(server.url)) - before).toBe(1);
  }, 180_000);
});

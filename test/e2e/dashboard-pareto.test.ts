import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { hypervolume } from '../../src/core/pareto/hypervolume';
import { call, startTestServer, type TestServer } from '../helpers/server';

const CHROMIUM = '/usr/bin/chromium';
const describeBrowser = existsSync(CHROMIUM) || process.env.CI === 'true' ? describe : describe.skip;

/**
 * Told outcomes (val_loss, latency_ms, memory_mb) of a study minimising both objectives with
 * memory_mb <= 512: trials 0, 1 and 4 trade off (the front), 2 is beaten by 0 and 5 by 1, 3 and 7
 * beat everything but break the memory limit, 6 fails.
 */
const TOLD: ([number, number, number] | 'FAIL')[] = [[0.2, 30, 100], [0.1, 50, 200], [0.3, 40, 300], [0.05, 10, 900], [0.25, 20, 400], [0.15, 60, 100], 'FAIL', [0.4, 70, 600]];

type PlotEl = HTMLElement & { data?: { name?: string; customdata?: number[]; x?: number[]; y?: number[] }[] };

/** Trial numbers per trace name of a plot (trace names carry their counts: "dominated (2)"). */
function traces(page: Page, id: string): Promise<Record<string, number[]>> {
  return page.evaluate((plotId) => {
    const el = document.getElementById(`plot-${plotId}`) as PlotEl;
    return Object.fromEntries((el.data ?? []).filter((d) => d.name).map((d) => [d.name as string, d.customdata ?? []]));
  }, id);
}

describeBrowser('dashboard of a two-objective constrained study in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let studyId: string;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const created = await call(server.url, 'POST', '/api/v1/studies', {
      name: 'latency trade-off', space: { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random', seed: 4 },
      objectives: [{ name: 'val_loss', direction: 'minimize' }, { name: 'latency_ms', direction: 'minimize' }], constraints: [{ name: 'memory_mb', max: 512 }],
    });
    expect(created.status).toBe(201);
    studyId = created.body.id;
    for (const outcome of TOLD) {
      const asked = await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, {});
      const body = outcome === 'FAIL' ? { state: 'FAIL' } : { values: { val_loss: outcome[0], latency_ms: outcome[1], memory_mb: outcome[2] } };
      expect((await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${asked.body.trials[0].id}/tell`, body)).status).toBe(200);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${server.url}/dashboard/#study=${encodeURIComponent(studyId)}`);
    await page.waitForFunction((id) => document.body.dataset.loadedStudy === id, studyId, { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.getElementById('plot-pareto')?.dataset.points ?? 0) > 0, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the Pareto front, dominated and infeasible trials apart, matching GET /pareto', async () => {
    const shown = await traces(page, 'pareto');
    expect(shown).toEqual({ 'infeasible (2)': [3, 7], 'dominated (2)': [2, 5], 'Pareto front (3)': [0, 1, 4] });
    const counts = await page.evaluate(() => ({ ...(document.getElementById('plot-pareto') as HTMLElement).dataset }));
    expect([counts.front, counts.dominated, counts.infeasible]).toEqual(['3', '2', '2']);
    const pareto = await call(server.url, 'GET', `/api/v1/studies/${studyId}/pareto`);
    expect(pareto.body.trials.map((t: { number: number }) => t.number)).toEqual(shown['Pareto front (3)']);
    expect(await page.textContent('#pareto-note')).toContain('3 on the front, 2 dominated, 2 infeasible · feasible when memory_mb ≤ 512');
    expect(await page.isVisible('#hypervolume-figure')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('plots the hypervolume of the feasible front per feasible trial, against a reference point from the data', async () => {
    const hv = await page.evaluate(() => {
      const el = document.getElementById('plot-hypervolume') as PlotEl;
      return { x: el.data?.[0]?.x ?? [], y: el.data?.[0]?.y ?? [] };
    });
    expect(hv.x).toEqual([0, 1, 2, 4, 5]);
    // Reference: worst feasible val_loss 0.3 and latency 60, each plus 10% of its range (0.2 and 40).
    const reference = [0.32, 64];
    const front = (upTo: number) => TOLD.slice(0, upTo + 1).flatMap((o) => (o === 'FAIL' || o[2] > 512 ? [] : [[o[0], o[1]]]));
    for (const [i, n] of hv.x.entries()) expect(hv.y[i]).toBeCloseTo(hypervolume(front(n), reference), 12);
    expect(hv.y).toEqual([...hv.y].sort((a, b) => a - b));
    expect(await page.textContent('#hypervolume-note')).toContain('reference point val_loss 0.32, latency_ms 64');
  });

  it('gives the table objective and constraint columns, colours infeasible trials in history and slices', async () => {
    const heads = await page.locator('#trial-head th.metric').allTextContents();
    expect(heads).toEqual(['val_loss ↓', 'latency_ms ↓', 'memory_mb ≤ 512', 'feasible']);
    expect(await page.locator('#trial-table td.metric.violated').count()).toBe(4);
    const history = await traces(page, 'history');
    expect({ complete: history.COMPLETE, infeasible: history.infeasible }).toEqual({ complete: [0, 1, 2, 4, 5], infeasible: [3, 7] });
    const slices = await traces(page, 'slice');
    expect(slices['x (infeasible)']).toEqual([3, 7]);
    await page.selectOption('#objective-pick', 'latency_ms');
    const latency = await page.evaluate(() => (document.getElementById('plot-history') as PlotEl).data?.find((d) => d.name === 'COMPLETE')?.y);
    expect(latency).toEqual([30, 50, 40, 20, 60]);
    expect(await page.textContent('#history-best')).toContain('best feasible 20 (trial #4)');
  });

  it('computes the same hypervolume as the server library on random 2-, 3- and 4-objective point sets', async () => {
    let seed = 7;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const cases = Array.from({ length: 30 }, (_, i) => {
      const m = 2 + (i % 3);
      return { points: Array.from({ length: 2 + Math.floor(next() * 14) }, () => Array.from({ length: m }, next)), reference: [1.1, 1.2, 1.05, 1].slice(0, m) };
    });
    // NOTE: a string, so the compiler leaves the page's dynamic import alone.
    const browserVolumes = (await page.evaluate(`import('/dashboard/objectives.js').then((m) => ${JSON.stringify(cases)}.map((c) => m.hypervolume(c.points, c.reference)))`)) as number[];
    cases.forEach((c, i) => expect(browserVolumes[i]).toBeCloseTo(hypervolume(c.points, c.reference), 12));
  });
  it('shows a constrained single-objective study without a Pareto plot: objective and constraint columns, infeasible trials apart', async () => {
    const created = await call(server.url, 'POST', '/api/v1/studies', {
      name: 'accuracy under memory', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random', seed: 2 },
      objectives: [{ name: 'accuracy', direction: 'maximize' }], constraints: [{ name: 'memory_mb', max: 512 }],
    });
    const id = created.body.id as string;
    for (const [accuracy, memory] of [[0.8, 100], [0.95, 900], [0.85, 300]]) {
      const asked = await call(server.url, 'POST', `/api/v1/studies/${id}/ask`, {});
      await call(server.url, 'POST', `/api/v1/studies/${id}/trials/${asked.body.trials[0].id}/tell`, { values: { accuracy, memory_mb: memory } });
    }
    const single = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    await single.goto(`${server.url}/dashboard/#study=${encodeURIComponent(id)}`);
    await single.waitForFunction((studyId) => document.body.dataset.loadedStudy === studyId, id, { timeout: 30_000 });
    expect(await single.isVisible('#pareto-figure')).toBe(false);
    expect(await single.locator('#trial-head th:visible').allTextContents()).toEqual(expect.arrayContaining(['accuracy ↑', 'memory_mb ≤ 512', 'feasible']));
    const history = await traces(single, 'history');
    expect({ complete: history.COMPLETE, infeasible: history.infeasible }).toEqual({ complete: [0, 2], infeasible: [1] });
    expect(await single.textContent('#history-best')).toContain('best feasible 0.85 (trial #2)');
    await single.close();
  });
});

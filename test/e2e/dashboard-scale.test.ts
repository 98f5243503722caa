import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { branin } from '../client/populate';
import { resolveConfig } from '../../src/infra/config';
import { createLogger } from '../../src/infra/logger';
import { startServer, type RunningServer } from '../../src/main';

const CHROMIUM = '/usr/bin/chromium';
const describeBrowser = existsSync(CHROMIUM) || process.env.CI === 'true' ? describe : describe.skip;
const TRIALS = 10_000;
/** Trials run first through ask / report / tell (with client ids, so they have times and curves); the rest are added finished. */
const ASKED = 300;

/** A deterministic point of [-5, 10] x [0, 15] for trial i (golden-ratio sequence, no Math.random). */
function point(i: number): { x: number; y: number } {
  const frac = (v: number) => v - Math.floor(v);
  return { x: -5 + 15 * frac(i * 0.6180339887), y: 15 * frac(i * 0.7548776662) };
}

describeBrowser('dashboard with 10,000 trials', () => {
  let server: RunningServer;
  let browser: Browser;
  let studyId: string;

  beforeAll(async () => {
    // NOTE: the in-memory storage keeps filling 10,000 trials quick on a busy machine; the page
    // under test only sees the HTTP API, whatever the storage.
    server = await startServer(resolveConfig({ port: 0, db: ':memory:' }, {}), createLogger('silent'));
    const study = await server.service.createStudy({
      name: 'ten thousand',
      space: { x: { type: 'float', low: -5, high: 10 }, y: { type: 'float', low: 0, high: 15 } },
      sampler: { type: 'random', seed: 9 },
    });
    studyId = study.id;
    for (let i = 0; i < ASKED; i++) {
      const [trial] = await server.service.ask(study.id, { count: 1, client_id: `worker-${i % 4}` });
      const value = branin(trial!.params.x as number, trial!.params.y as number);
      for (let step = 0; step < 3; step++) await server.service.report(study.id, trial!.id, { step, value: value + 3 - step });
      await server.service.tell(study.id, trial!.id, { value });
    }
    for (let i = 0; i < TRIALS - ASKED; i++) {
      const p = point(i);
      await server.service.addTrial(study.id, { params: p, value: branin(p.x, p.y) });
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close(1000);
  });

  it('draws sampled plots and a paginated, sortable table', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
    page.on('pageerror', (error) => errors.push(String(error)));
    const started = Date.now();
    await page.goto(`${server.url}/dashboard/`);
    await page.waitForFunction((id) => document.body.dataset.loadedStudy === id, studyId, { timeout: 60_000 });
    console.log(`10,000 trials: study loaded and drawn ${Date.now() - started} ms after navigation (informational)`);
    const points = await page.evaluate(() =>
      Object.fromEntries(['history', 'parallel', 'slice', 'timeline', 'curves'].map((id) => [id, Number(document.getElementById(`plot-${id}`)?.dataset.points)])),
    );
    // NOTE: caps of the page, each named on the plot: 2000 history points, 1000 parallel lines,
    // 1500 points per slice; the learning curves of the 10 best trials by default (3 steps each);
    // the timeline shows every started trial up to 2000.
    expect(points).toEqual({ history: 2000, parallel: 1000, slice: 3000, timeline: ASKED, curves: 10 * 3 });
    expect(await page.textContent('#table-info')).toContain(`of ${TRIALS}`);
    expect(await page.locator('#trial-table tbody tr').count()).toBe(50);
    await page.click('#trial-table th[data-sort="value"]');
    const firstValue = Number(await page.locator('#trial-table tbody tr >> nth=0 >> td >> nth=3').textContent());
    const best = await fetch(`${server.url}/api/v1/studies/${studyId}/best`).then((r) => r.json() as Promise<{ value: number }>);
    expect(firstValue).toBeCloseTo(best.value, 4);
    expect(errors).toEqual([]);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { HttpStudyClient } from '../../src/client/http-client';
import type { SearchSpace } from '../../src/domain/space';
import { Rng } from '../../src/core/rng';
import { startServerProcess, type ServerProcess } from '../helpers/process';

const CHROMIUM = '/usr/bin/chromium';
const describeBrowser = existsSync(CHROMIUM) || process.env.CI === 'true' ? describe : describe.skip;

/**
 * NOTE: a 0.1 s model deadline (the ask deadline, which /model shares) is shorter than the refit of
 * a GP on 20 parameters after the history grows from 40 to 600 trials (0.5-1.1 s measured over
 * HTTP, 2026-12-02), so that refit answers 503 model_busy for real. Its job runs on and its answer
 * is kept, so a retry after Retry-After takes it. Before the answer was kept, each retry started a
 * summary job of its own (130-160 ms at 600 trials on one machine, 165 ms on another), and where
 * that exceeded the deadline the dashboard stayed stale for good (the test failed at its 120 s wait).
 */
const MODEL_DEADLINE_SECONDS = '0.1';
const PARAMS = 20;
const SPACE: SearchSpace = Object.fromEntries(Array.from({ length: PARAMS }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }]));

/** `count` COMPLETE trials of a sum of squares around 0.3, at seeded random points. */
async function addTrials(client: HttpStudyClient, studyId: string, count: number, seed: number): Promise<void> {
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) {
    const params = Object.fromEntries(Object.keys(SPACE).map((name) => [name, rng.next()]));
    const value = Object.values(params).reduce((sum, x, j) => sum + (j + 1) * (x - 0.3) ** 2, 0);
    await client.addTrial(studyId, { params, value });
  }
}

/** What the page shows of the model: contour traces and points, importance bars, and the stale marks (null when hidden). */
function modelView(page: Page): Promise<{ traces: number; points: number; bars: number; stale: (string | null)[] }> {
  return page.evaluate(() => {
    const contour = document.getElementById('plot-contour') as HTMLElement & { data?: unknown[] };
    const mark = (id: string): string | null => {
      const el = document.getElementById(id) as HTMLElement;
      return el.hidden ? null : el.textContent;
    };
    const bars = Number((document.getElementById('plot-importance') as HTMLElement).dataset.points ?? 0);
    return { traces: contour.data?.length ?? 0, points: Number(contour.dataset.points ?? 0), bars, stale: [mark('contour-stale'), mark('importance-stale')] };
  });
}

describeBrowser('dashboard: the model plots keep the last model through a 503 model_busy', () => {
  let dir: string;
  let server: ServerProcess;
  let browser: Browser;
  let client: HttpStudyClient;

  beforeAll(async () => {
    // A compiled server process: its GP fits run on sampler threads, so /model can miss its deadline.
    dir = mkdtempSync(join(tmpdir(), 'baytune-e2e-stale-model-'));
    server = await startServerProcess({ db: join(dir, 'stale.db'), args: ['--sampler-threads', '1', '--ask-deadline', MODEL_DEADLINE_SECONDS] });
    client = new HttpStudyClient({ url: server.url });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the kept model marked stale with its age, retries after Retry-After, then shows the new model', async () => {
    const study = await client.createStudy({ name: 'busy model', space: SPACE });
    await addTrials(client, study.id, 40, 1);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const answers: { status: number; retryAfter: string | null; complete: number | null }[] = [];
    page.on('response', async (response) => {
      if (!response.url().includes('/model?')) return;
      const body = (await response.json().catch(() => null)) as { complete_trials?: number } | null;
      answers.push({ status: response.status(), retryAfter: response.headers()['retry-after'] ?? null, complete: body?.complete_trials ?? null });
    });
    await page.goto(`${server.url}/dashboard/#study=${encodeURIComponent(study.id)}`);
    // The first model: its fit may itself miss the deadline; the dashboard retries until it has one.
    await page.waitForFunction(() => Number(document.getElementById('plot-contour')?.dataset.points ?? 0) > 0, null, { timeout: 60_000 });
    const first = await modelView(page);
    expect(first.stale).toEqual([null, null]);
    expect(answers.filter((a) => a.status === 200).map((a) => a.complete)).toEqual([40]);

    // The history grows past the refit threshold: the next /model needs a new fit, which misses the deadline.
    await addTrials(client, study.id, 560, 2);
    await page.waitForFunction(() => !(document.getElementById('contour-stale') as HTMLElement).hidden, null, { timeout: 60_000 });
    const stale = await modelView(page);
    expect(stale.traces).toBe(first.traces);
    expect(stale.points).toBe(first.points);
    expect(stale.bars).toBe(PARAMS);
    for (const mark of stale.stale) expect(mark).toMatch(/^stale: model from \d+ s ago; the server is still fitting \(model_busy\), asking again in \d+ s$/);
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((a) => a.retryAfter === '2')).toBe(true);

    // After Retry-After the dashboard asks again and finds the fit done: the new model replaces the stale one.
    await page.waitForFunction(() => (document.getElementById('contour-stale') as HTMLElement).hidden, null, { timeout: 120_000 });
    const fresh = await modelView(page);
    expect(fresh.stale).toEqual([null, null]);
    expect(fresh.points).toBeGreaterThan(0);
    const last = answers[answers.length - 1];
    expect(last).toMatchObject({ status: 200, complete: 600 });
    expect(answers.slice(answers.indexOf(busy[0]!)).some((a) => a.status === 200)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});

import { HttpStudyClient } from '../../src/client/http-client';
import { call, startTestServer, type TestServer } from '../helpers/server';

/** The two endpoints the dashboard adds to the API: /model (GP summary) and /export (CSV, JSON). */
describe('dashboard endpoints on a live server', () => {
  let server: TestServer;
  let client: HttpStudyClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = new HttpStudyClient({ url: server.url });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('GET /model: nulls with a reason before the GP can fit, then importances and a contour that find the minimum', async () => {
    const study = await client.createStudy({ name: 'model', space: { x: { type: 'float', low: 0, high: 1 }, noise: { type: 'float', low: 0, high: 1 }, k: { type: 'int', low: 1, high: 4 } } });
    const base = `/api/v1/studies/${study.id}/model`;
    expect((await call(server.url, 'GET', `${base}?x=x&y=noise`)).body).toMatchObject({ importances: null, contour: null, complete_trials: 0, reason: expect.stringContaining('COMPLETE') });
    for (let i = 0; i < 24; i++) {
      const x = (i * 0.618034) % 1;
      const noise = (i * 0.754878) % 1;
      await client.addTrial(study.id, { params: { x, noise, k: 1 + (i % 4) }, value: (x - 0.3) ** 2 + 0.001 * noise });
    }
    const { status, body } = await call(server.url, 'GET', `${base}?x=x&y=k&resolution=12`);
    expect(status).toBe(200);
    const importances = body.importances as Record<string, number>;
    expect(Object.values(importances).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(importances.x).toBeGreaterThan(importances.noise!);
    expect(body.importance_source).toBe('gp_length_scales');
    const contour = body.contour as { x: number[]; y: number[]; mean: number[][] };
    expect(contour.x).toHaveLength(12);
    expect(contour.y).toEqual([1, 2, 3, 4]);
    expect(contour.mean).toHaveLength(4);
    const row = contour.mean[0]!;
    const argmin = contour.x[row.indexOf(Math.min(...row))]!;
    expect(Math.abs(argmin - 0.3)).toBeLessThan(0.15);
  });

  it('GET /model refuses axes that are not two numeric parameters', async () => {
    const study = await client.createStudy({ name: 'axes', space: { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b'] } } });
    const base = `/api/v1/studies/${study.id}/model`;
    expect((await call(server.url, 'GET', `${base}?x=c&y=x`)).body).toMatchObject({ status: 400, code: 'invalid_request', field: 'x' });
    expect((await call(server.url, 'GET', `${base}?x=x&y=x`)).body).toMatchObject({ status: 400, field: 'y' });
    expect((await call(server.url, 'GET', `${base}?x=x&y=nope`)).body).toMatchObject({ status: 400, field: 'y' });
    expect((await call(server.url, 'GET', `${base}?resolution=1`)).body).toMatchObject({ status: 400, field: 'resolution' });
    expect((await call(server.url, 'GET', '/api/v1/studies/missing/model')).body).toMatchObject({ status: 404, code: 'study_not_found' });
  });

  it('GET /export streams every trial across pages as CSV (quoted as RFC 4180) and as JSON', async () => {
    const study = await client.createStudy({ name: 'export, "quoted"', space: { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['plain', 'a,b "q"'] } } });
    const total = 1001; // three export pages of 500
    for (let i = 0; i < total; i++) await client.addTrial(study.id, { params: { x: i / total, c: i % 2 === 0 ? 'plain' : 'a,b "q"' }, value: i });
    const csv = await fetch(`${server.url}/api/v1/studies/${study.id}/export?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="export_quoted_.csv"');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('number,id,state,value,params.x,params.c,duration_seconds,started_at,completed_at,client_id,strategy,fail_reason,intermediate_values');
    expect(lines).toHaveLength(total + 2);
    expect(lines[2]).toMatch(/^1,[^,]+,COMPLETE,1,[\d.e-]+,"a,b ""q""",/);
    expect(lines[total]).toMatch(new RegExp(`^${total - 1},`));
    const json = (await (await fetch(`${server.url}/api/v1/studies/${study.id}/export?format=json`)).json()) as { study: { name: string }; trials: { number: number }[] };
    expect(json.study.name).toBe('export, "quoted"');
    expect(json.trials.map((t) => t.number)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect((await call(server.url, 'GET', `/api/v1/studies/${study.id}/export?format=xml`)).body).toMatchObject({ status: 400, field: 'format' });
    expect((await call(server.url, 'GET', '/api/v1/studies/missing/export')).status).toBe(404);
  });
});

import { call, startTestServer, type TestServer } from '../helpers/server';

const SPACE = { x: { type: 'float', low: 0, high: 1 } };

describe('late FAIL after the reaper, unknown query parameters, and the paged study list', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ BAYTUNE_REAP_INTERVAL_SECONDS: '3600' }); });
  afterAll(async () => { await server.stop(); });

  it('a FAIL told after the reaper failed the trial is 409 with the current trial, not 200', async () => {
    const study = (await call(server.url, 'POST', '/api/v1/studies', { name: 'late-fail', space: SPACE, lease_seconds: 1 })).body;
    const trial = (await call(server.url, 'POST', `/api/v1/studies/${study.id}/ask`, {})).body.trials[0];
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await server.service.reapExpiredLeases()).toBe(1);
    const tellPath = `/api/v1/studies/${study.id}/trials/${trial.id}/tell`;
    const late = await call(server.url, 'POST', tellPath, { state: 'FAIL', reason: 'CUDA out of memory' });
    expect([late.status, late.body.code]).toEqual([409, 'trial_state_conflict']);
    expect([late.body.details.trial.state, late.body.details.trial.fail_reason]).toEqual(['FAIL', 'lease expired']);
    const bare = await call(server.url, 'POST', tellPath, { state: 'FAIL' });
    expect(bare.status).toBe(409);
    const same = await call(server.url, 'POST', tellPath, { state: 'FAIL', reason: 'lease expired' });
    expect(same.status).toBe(200);
  });

  it('a repeated identical FAIL tell (same reason) still answers 200 (P3)', async () => {
    const study = (await call(server.url, 'POST', '/api/v1/studies', { name: 'repeat-fail', space: SPACE })).body;
    const trial = (await call(server.url, 'POST', `/api/v1/studies/${study.id}/ask`, {})).body.trials[0];
    const tellPath = `/api/v1/studies/${study.id}/trials/${trial.id}/tell`;
    expect((await call(server.url, 'POST', tellPath, { state: 'FAIL', reason: 'nan loss' })).status).toBe(200);
    expect((await call(server.url, 'POST', tellPath, { state: 'FAIL', reason: 'nan loss' })).status).toBe(200);
    expect((await call(server.url, 'POST', tellPath, { state: 'FAIL', reason: 'other' })).status).toBe(409);
  });

  it.each([
    ['/api/v1/studies?name=x', 'name'],
    ['/api/v1/studies?limit=5&sort=name', 'sort'],
    ['/api/v1/studies/STUDY?verbose=1', 'verbose'],
    ['/api/v1/studies/STUDY/trials?states=COMPLETE', 'states'],
    ['/api/v1/studies/STUDY/trials?limit=5&offset=10', 'offset'],
    ['/api/v1/studies/STUDY/best?direction=maximize', 'direction'],
    ['/api/v1/studies/STUDY/export?format=csv&gzip=1', 'gzip'],
    ['/api/v1/studies/STUDY/model?res=10', 'res'],
  ])('GET %s answers 400 naming the unknown query parameter', async (path, name) => {
    const study = (await call(server.url, 'POST', '/api/v1/studies', { name: `q-${Math.random()}`, space: SPACE })).body;
    const res = await call(server.url, 'GET', path.replace('STUDY', study.id));
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'unknown_field', name]);
  });

  it('POST with an unknown query parameter answers 400 too', async () => {
    const study = (await call(server.url, 'POST', '/api/v1/studies', { name: 'q-post', space: SPACE })).body;
    const res = await call(server.url, 'POST', `/api/v1/studies/${study.id}/ask?count=3`, {});
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'unknown_field', 'count']);
  });

  it('the study list pages like trials: limit, next_cursor, and a bounded walk over every study once', async () => {
    const before = (await call(server.url, 'GET', '/api/v1/studies')).body;
    expect(before.next_cursor).toBeNull();
    for (let i = 0; i < 7; i++) await call(server.url, 'POST', '/api/v1/studies', { name: `page-${i}`, space: SPACE });
    const all = (await call(server.url, 'GET', '/api/v1/studies')).body.studies.map((s: { id: string }) => s.id);
    const walked: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: { body: { studies: { id: string }[]; next_cursor: string | null } } = await call(server.url, 'GET', `/api/v1/studies?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(res.body.studies.length).toBeLessThanOrEqual(3);
      walked.push(...res.body.studies.map((s) => s.id));
      cursor = res.body.next_cursor;
      if (cursor === null) break;
    }
    expect(cursor).toBeNull();
    expect(walked).toEqual(all);
    const bad = await call(server.url, 'GET', '/api/v1/studies?cursor=bm9wZQ');
    expect([bad.status, bad.body.code, bad.body.field]).toEqual([400, 'invalid_request', 'cursor']);
    const zero = await call(server.url, 'GET', '/api/v1/studies?limit=0');
    expect([zero.status, zero.body.field]).toEqual([400, 'limit']);
  });
});

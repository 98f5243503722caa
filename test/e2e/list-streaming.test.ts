import { call, startTestServer, type TestServer } from '../helpers/server';
import { schemaErrors } from '../helpers/openapi-schema';
import { CONTINUOUS_SPACE, range } from './support/api';

describe('listing a big page of trials streams it in steps', () => {
  let server: TestServer;
  let studyId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const study = await server.service.createStudy({ name: 'big', direction: 'minimize', space: CONTINUOUS_SPACE } as never);
    studyId = study.id;
    for (const i of range(1300)) {
      const value = i % 3 === 0 ? undefined : i / 1300;
      await server.service.addTrial(studyId, { params: { x: (i % 100) / 100, y: 0 }, ...(value === undefined ? {} : { value }) });
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers limit=1200 chunked, with the same trials and cursor as the paged walk', async () => {
    const res = await fetch(`${server.url}/api/v1/studies/${studyId}/trials?limit=1200`);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const page = await res.json();
    expect(Object.keys(page).sort()).toEqual(['next_cursor', 'trials']);
    for (const trial of page.trials.slice(0, 50)) expect(schemaErrors('Trial', trial)).toBeNull();
    expect(page.trials.map((t: { number: number }) => t.number)).toEqual(range(1200));
    const rest = await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials?limit=1200&cursor=${page.next_cursor}`);
    expect(rest.body.trials.map((t: { number: number }) => t.number)).toEqual(range(100).map((i) => 1200 + i));
    expect(rest.body.next_cursor).toBeNull();
    const small = await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials?limit=500`);
    expect(small.body.trials).toEqual(page.trials.slice(0, 500));
  });

  it('streams a state-filtered page and ends with next_cursor null when everything fits', async () => {
    const complete = await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials?limit=10000&state=COMPLETE`);
    expect(complete.status).toBe(200);
    expect(complete.body.trials.map((t: { number: number }) => t.number)).toEqual(range(1300).filter((i) => i % 3 !== 0));
    expect(complete.body.next_cursor).toBeNull();
    const waiting = await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials?limit=600&state=WAITING`);
    expect(waiting.body.trials.map((t: { number: number }) => t.number)).toEqual(range(434).map((i) => 3 * i).slice(0, 434));
    expect(waiting.body.next_cursor).toBeNull();
  });

  it('still answers 404 problem+json for an unknown study', async () => {
    const res = await call(server.url, 'GET', '/api/v1/studies/nope/trials?limit=5000');
    expect(res).toMatchObject({ status: 404, body: { code: 'study_not_found' } });
  });
});

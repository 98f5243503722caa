import { SINGLE_PROCESS_BACKENDS, serviceForEachTest } from './single-process-backends';
import { call, startTestServer, type TestServer } from '../../helpers/server';

const SPACE = { x: { type: 'float' as const, low: 0, high: 1 } };

/** P3 on the single-process backends: a keyed ask replayed after its trial was told returns that trial, not a new one. */
describe.each(SINGLE_PROCESS_BACKENDS)('request_key replay after a tell, service level (%s)', (_name, open) => {
  const ctx = serviceForEachTest(open);

  it.each(['random', 'gp', 'grid'])('%s: the replay returns the told trial and appends nothing', async (type) => {
    const study = await ctx.service().createStudy({ name: `replay-${type}`, space: SPACE, sampler: { type } });
    const [first] = await ctx.service().ask(study.id, { client_id: 'w', request_key: 'k1', count: 1 });
    await ctx.service().tell(study.id, first!.id, { value: 0.25 });
    const replay = await ctx.service().ask(study.id, { client_id: 'w', request_key: 'k1', count: 1 });
    expect(replay.map((t) => [t.id, t.number, t.state, t.value])).toEqual([[first!.id, 0, 'COMPLETE', 0.25]]);
    const fresh = await ctx.service().ask(study.id, { client_id: 'w', request_key: 'k2', count: 1 });
    expect(fresh.map((t) => t.number)).toEqual([1]);
    expect((await ctx.storage().countTrials(study.id)).total).toBe(2);
  });
});

describe('request_key replay after a tell, HTTP level (SQLite server)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('POST /ask with the same (client_id, request_key) after the tell answers the told trial', async () => {
    const study = (await call(server.url, 'POST', '/api/v1/studies', { name: 'http-replay', space: SPACE })).body;
    const ask = { client_id: 'w', request_key: 'k1', count: 2 };
    const first = (await call(server.url, 'POST', `/api/v1/studies/${study.id}/ask`, ask)).body.trials;
    for (const t of first) await call(server.url, 'POST', `/api/v1/studies/${study.id}/trials/${t.id}/tell`, { value: t.number });
    const replay = await call(server.url, 'POST', `/api/v1/studies/${study.id}/ask`, ask);
    expect(replay.status).toBe(200);
    expect(replay.body.trials.map((t: { id: string; state: string }) => [t.id, t.state])).toEqual(first.map((t: { id: string }) => [t.id, 'COMPLETE']));
    const list = (await call(server.url, 'GET', `/api/v1/studies/${study.id}/trials`)).body.trials;
    expect(list).toHaveLength(2);
  });
});

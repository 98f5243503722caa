import { call, startTestServer, type TestServer } from '../helpers/server';

/** The trial state machine over HTTP: safe repeats, 409 conflicts with the current trial, idempotent asks. */
describe('trial states and retries', () => {
  let server: TestServer;
  let studyId: string;
  beforeAll(async () => {
    server = await startTestServer();
    studyId = (await call(server.url, 'POST', '/api/v1/studies', { name: 's', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random', seed: 3 } })).body.id;
  });
  afterAll(async () => {
    await server.stop();
  });
  const ask = async (body: object = {}) => (await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, body)).body.trials;
  const tell = (trialId: string, body: object) => call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${trialId}/tell`, body);

  it('answers a repeated identical tell with the same trial and a conflicting one with 409 and the current state', async () => {
    const [t] = await ask();
    const first = await tell(t.id, { value: 0.5 });
    const again = await tell(t.id, { value: 0.5 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const conflicting = await tell(t.id, { value: 0.7 });
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.code).toBe('trial_state_conflict');
    expect(conflicting.body.details.trial).toMatchObject({ id: t.id, state: 'COMPLETE', value: 0.5 });
    expect((await tell(t.id, { state: 'FAIL' })).status).toBe(409);
  });

  it('refuses reports and heartbeats on finished trials with 409', async () => {
    const [t] = await ask();
    await tell(t.id, { state: 'FAIL', reason: 'boom' });
    const report = await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${t.id}/report`, { step: 1, value: 0.3 });
    expect(report.status).toBe(409);
    expect(report.body.details.trial.state).toBe('FAIL');
    expect((await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${t.id}/heartbeat`)).status).toBe(409);
  });

  it('renews the lease on heartbeat', async () => {
    const [t] = await ask();
    const beat = await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${t.id}/heartbeat`);
    expect(beat.status).toBe(200);
    expect(Date.parse(beat.body.lease_expires_at)).toBeGreaterThanOrEqual(Date.parse(t.lease_expires_at));
    expect(beat.body.heartbeat_at).not.toBeNull();
  });

  it('makes ask idempotent per (client_id, request_key), also for 10 parallel replays', async () => {
    const body = { count: 2, client_id: 'w1', request_key: 'k1' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, body)));
    const ids = new Set(answers.map((a) => a.body.trials.map((t: { id: string }) => t.id).join(',')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(ids.size).toBe(1);
    expect([...ids][0]?.split(',')).toHaveLength(2);
  });

  it('hands a client that asks again its RUNNING trial back', async () => {
    const [held] = await ask({ client_id: 'worker-7' });
    const [again] = await ask({ client_id: 'worker-7' });
    expect(again.id).toBe(held.id);
    await tell(held.id, { value: 1 });
    const [fresh] = await ask({ client_id: 'worker-7' });
    expect(fresh.id).not.toBe(held.id);
  });

  it('hands a restarted worker its RUNNING trial back on a keyed ask, and replays that answer', async () => {
    const [held] = await ask({ client_id: 'worker-8', request_key: 'before-restart' });
    const [again] = await ask({ client_id: 'worker-8', request_key: 'after-restart' });
    expect(again.id).toBe(held.id);
    const [replay] = await ask({ client_id: 'worker-8', request_key: 'after-restart' });
    expect(replay.id).toBe(held.id);
    await tell(held.id, { value: 1 });
    const [fresh] = await ask({ client_id: 'worker-8', request_key: 'next' });
    expect(fresh.id).not.toBe(held.id);
  });

  it('hands each enqueued trial out exactly once under concurrent asks', async () => {
    const created = await call(server.url, 'POST', '/api/v1/studies', { name: 'queue', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random', seed: 1 } });
    const id = created.body.id;
    const queued = await Promise.all(Array.from({ length: 5 }, (_, i) => call(server.url, 'POST', `/api/v1/studies/${id}/trials`, { params: { x: i / 10 } })));
    const queuedIds = new Set(queued.map((q) => q.body.id));
    const asks = await Promise.all(Array.from({ length: 20 }, () => call(server.url, 'POST', `/api/v1/studies/${id}/ask`, {})));
    const handed = asks.flatMap((a) => a.body.trials.map((t: { id: string }) => t.id));
    expect(handed).toHaveLength(20);
    expect(new Set(handed).size).toBe(20);
    expect(handed.filter((h) => queuedIds.has(h))).toHaveLength(5);
    const all = await call(server.url, 'GET', `/api/v1/studies/${id}/trials?limit=100`);
    expect(all.body.trials.map((t: { number: number }) => t.number)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('gives the same suggestions for the same seed and history', async () => {
    const make = async (name: string) => (await call(server.url, 'POST', '/api/v1/studies', { name, space: { x: { type: 'float', low: 0, high: 1 }, c: { type: 'categorical', choices: ['a', 'b', 'c'] } }, sampler: { type: 'random', seed: 42 } })).body.id;
    const [a, b] = [await make('rep-a'), await make('rep-b')];
    const paramsOf = async (id: string) => (await call(server.url, 'POST', `/api/v1/studies/${id}/ask`, { count: 3 })).body.trials.map((t: { params: object }) => t.params);
    expect(await paramsOf(a)).toEqual(await paramsOf(b));
  });
});

import { call, startTestServer, type TestServer } from '../helpers/server';
import { schemaErrors } from '../helpers/openapi-schema';

const space = {
  optimizer: { type: 'categorical', choices: ['adam', 'sgd'] },
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  momentum: { type: 'float', low: 0, high: 0.99, condition: { parent: 'optimizer', values: ['sgd'] } },
  n_layers: { type: 'int', low: 1, high: 3 },
  units_2: { type: 'int', low: 8, high: 64, step: 8, condition: { parent: 'n_layers', values: [2, 3] } },
};

describe('the README walk-through over real HTTP on SQLite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates a study, asks, reports, tells, enqueues, warm-starts, pages and finds the best', async () => {
    const created = await call(server.url, 'POST', '/api/v1/studies', { name: 'cnn-1', direction: 'minimize', space, sampler: { type: 'random', seed: 7 } });
    expect(created.status).toBe(201);
    expect(schemaErrors('Study', created.body)).toBeNull();
    const id = created.body.id as string;
    expect(created.body.sampler).toEqual({ type: 'random', seed: 7 });

    const asked = await call(server.url, 'POST', `/api/v1/studies/${id}/ask`, { count: 4 });
    expect(asked.status).toBe(200);
    expect(asked.body.trials.map((t: { number: number }) => t.number)).toEqual([0, 1, 2, 3]);
    for (const t of asked.body.trials) {
      expect(schemaErrors('Trial', t)).toBeNull();
      expect(t.state).toBe('RUNNING');
      expect('momentum' in t.params).toBe(t.params.optimizer === 'sgd');
      expect('units_2' in t.params).toBe(t.params.n_layers >= 2);
      expect(t.reason).toEqual({ strategy: 'random' });
    }
    const [t0, t1, t2] = asked.body.trials;

    const report = await call(server.url, 'POST', `/api/v1/studies/${id}/trials/${t0.id}/report`, { step: 3, value: 0.4 });
    expect(report).toMatchObject({ status: 200, body: { should_prune: false } });
    const told = await call(server.url, 'POST', `/api/v1/studies/${id}/trials/${t0.id}/tell`, { value: 0.123 });
    expect(told.status).toBe(200);
    expect(told.body).toMatchObject({ state: 'COMPLETE', value: 0.123, intermediate_values: [{ step: 3, value: 0.4 }] });
    expect(told.body.duration_seconds).toBeGreaterThanOrEqual(0);
    expect((await call(server.url, 'POST', `/api/v1/studies/${id}/trials/${t1.id}/tell`, { state: 'FAIL', reason: 'out of memory' })).body)
      .toMatchObject({ state: 'FAIL', value: null, fail_reason: 'out of memory' });
    expect((await call(server.url, 'POST', `/api/v1/studies/${id}/trials/${t2.id}/tell`, { state: 'PRUNED' })).body.state).toBe('PRUNED');

    const queued = await call(server.url, 'POST', `/api/v1/studies/${id}/trials`, { params: { optimizer: 'adam', lr: 0.01, n_layers: 1 } });
    expect(queued).toMatchObject({ status: 201, body: { state: 'WAITING', number: 4 } });
    const warm = await call(server.url, 'POST', `/api/v1/studies/${id}/trials`, { params: { optimizer: 'sgd', lr: 0.001, momentum: 0.9, n_layers: 1 }, value: 0.05 });
    expect(warm).toMatchObject({ status: 201, body: { state: 'COMPLETE', value: 0.05, number: 5 } });

    const next = await call(server.url, 'POST', `/api/v1/studies/${id}/ask`, {});
    expect(next.body.trials).toHaveLength(1);
    expect(next.body.trials[0]).toMatchObject({ id: queued.body.id, state: 'RUNNING', params: { optimizer: 'adam', lr: 0.01, n_layers: 1 } });

    const best = await call(server.url, 'GET', `/api/v1/studies/${id}/best`);
    expect(best.body).toMatchObject({ id: warm.body.id, value: 0.05 });

    const page1 = await call(server.url, 'GET', `/api/v1/studies/${id}/trials?limit=4`);
    expect(page1.body.trials.map((t: { number: number }) => t.number)).toEqual([0, 1, 2, 3]);
    expect(typeof page1.body.next_cursor).toBe('string');
    const page2 = await call(server.url, 'GET', `/api/v1/studies/${id}/trials?limit=4&cursor=${page1.body.next_cursor}`);
    expect(page2.body).toMatchObject({ next_cursor: null });
    expect(page2.body.trials.map((t: { number: number }) => t.number)).toEqual([4, 5]);
    const complete = await call(server.url, 'GET', `/api/v1/studies/${id}/trials?state=COMPLETE`);
    expect(complete.body.trials.map((t: { number: number }) => t.number)).toEqual([0, 5]);

    const study = await call(server.url, 'GET', `/api/v1/studies/${id}`);
    expect(schemaErrors('StudySummary', study.body)).toBeNull();
    expect(study.body.trial_counts).toEqual({ WAITING: 0, RUNNING: 2, COMPLETE: 2, PRUNED: 1, FAIL: 1 });
    expect(study.body.best_value).toBe(0.05);
    const list = await call(server.url, 'GET', '/api/v1/studies');
    expect(list.body.studies.map((s: { name: string }) => s.name)).toEqual(['cnn-1']);

    expect((await call(server.url, 'DELETE', `/api/v1/studies/${id}`)).status).toBe(204);
    expect((await call(server.url, 'GET', `/api/v1/studies/${id}`)).body.code).toBe('study_not_found');
  });

  it('serves health, readiness, metrics and the contract', async () => {
    expect((await call(server.url, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(server.url, 'GET', '/readyz')).body).toEqual({ status: 'ready' });
    const metrics = await call(server.url, 'GET', '/metrics');
    expect(metrics.body).toContain('baytune_ask_total');
    expect(metrics.body).toContain('baytune_tell_duration_seconds_bucket');
    expect(metrics.body).toContain('baytune_http_request_duration_seconds_bucket');
    const doc = await call(server.url, 'GET', '/openapi.yaml');
    expect(doc.headers.get('content-type')).toContain('application/yaml');
    expect(doc.body).toContain('operationId: ask');
  });

  it('answers 404 no_complete_trial for best while nothing is complete', async () => {
    const created = await call(server.url, 'POST', '/api/v1/studies', { name: 'empty', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random' } });
    const best = await call(server.url, 'GET', `/api/v1/studies/${created.body.id}/best`);
    expect(best.status).toBe(404);
    expect(best.body.code).toBe('no_complete_trial');
    expect(best.headers.get('content-type')).toContain('application/problem+json');
  });
});

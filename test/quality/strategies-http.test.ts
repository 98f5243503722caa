import { call, startTestServer, type TestServer } from '../helpers/server';

const space = {
  optimizer: { type: 'categorical', choices: ['adam', 'sgd'] },
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  momentum: { type: 'float', low: 0, high: 0.99, condition: { parent: 'optimizer', values: ['sgd'] } },
};

/** The strategies of issue 4 through the real HTTP API on SQLite: option errors, reasons, exhaustion. */
describe('search strategies over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const create = (name: string, sampler?: Record<string, unknown>, s: Record<string, unknown> = space): Promise<{ status: number; body: any }> =>
    call(server.url, 'POST', '/api/v1/studies', sampler ? { name, space: s, sampler } : { name, space: s });
  const ask = (id: string, count: number): Promise<{ status: number; body: any }> => call(server.url, 'POST', `/api/v1/studies/${id}/ask`, { count });

  it('rejects bad strategy options with a 400 naming sampler.<option>', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'grid', values: { lr: [5] } }, 'sampler.values.lr'],
      [{ type: 'tpe', n_ei_candidates: 0 }, 'sampler.n_ei_candidates'],
      [{ type: 'genetic', crossover: 'one-point' }, 'sampler.crossover'],
      [{ type: 'local-search', step_growth: 0.5 }, 'sampler.step_growth'],
      [{ type: 'auto', gp_max_trials: -3 }, 'sampler.gp_max_trials'],
    ];
    for (const [sampler, field] of cases) {
      const res = await create(`bad-${field}`, sampler);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_sampler', field });
    }
  });

  it('a study without a sampler gets auto, which names its choice in every reason', async () => {
    const res = await create('default-auto');
    expect(res.status).toBe(201);
    expect(res.body.sampler.type).toBe('auto');
    const asked = await ask(res.body.id, 3);
    for (const t of asked.body.trials) expect(t.reason).toMatchObject({ strategy: 'auto', detail: expect.stringMatching(/^sobol \(n=0 < initial design \d+\)/) });
  });

  it('grid hands out every point once, then answers 409 grid_exhausted', async () => {
    const small = { a: { type: 'int', low: 0, high: 1 }, b: { type: 'categorical', choices: ['x', 'y'] } };
    const res = await create('grid-small', { type: 'grid', shuffle: true, seed: 4 }, small);
    expect(res.status).toBe(201);
    const asked = await ask(res.body.id, 4);
    expect(asked.status).toBe(200);
    expect(new Set(asked.body.trials.map((t: { params: unknown }) => JSON.stringify(t.params))).size).toBe(4);
    const more = await ask(res.body.id, 1);
    expect(more.status).toBe(409);
    expect(more.body.code).toBe('grid_exhausted');
  });

  it('tpe, genetic and local-search answer batches past their start-up with distinct, valid trials', async () => {
    for (const type of ['tpe', 'genetic', 'local-search']) {
      const res = await create(`run-${type}`, { type, seed: 1 });
      const id = res.body.id as string;
      for (const t of (await ask(id, 12)).body.trials) {
        const loss = Math.log10(t.params.lr) + 3 + (t.params.optimizer === 'sgd' ? t.params.momentum : 0.5);
        expect((await call(server.url, 'POST', `/api/v1/studies/${id}/trials/${t.id}/tell`, { value: loss })).status).toBe(200);
      }
      const batch = (await ask(id, 4)).body.trials;
      expect(new Set(batch.map((t: { params: unknown }) => JSON.stringify(t.params))).size).toBe(4);
      for (const t of batch) {
        expect(t.reason.strategy).toBe(type);
        expect('momentum' in t.params).toBe(t.params.optimizer === 'sgd');
      }
    }
  });
});

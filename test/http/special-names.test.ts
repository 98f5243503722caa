import { call, startTestServer, type TestServer } from '../helpers/server';

const SPECIAL = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'] as const;

/** P8: names that are also Object.prototype members (and __proto__) never meet plain objects unguarded. */
describe('special property names as parameters, parents, grid keys, extras and query values', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });
  const create = (space: unknown, sampler: unknown = { type: 'random', seed: 1 }) =>
    call(server.url, 'POST', '/api/v1/studies', { name: `s-${Math.random()}`, space, sampler });
  const ask = async (id: string) => call(server.url, 'POST', `/api/v1/studies/${id}/ask`, {});

  it.each(SPECIAL)('a condition whose parent %s is not in the space is refused', async (name) => {
    const res = await create({ x: { type: 'float', low: 0, high: 1, condition: { parent: name, values: [1] } } });
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'invalid_space', 'space.x.condition.parent']);
  });

  it('parameters named constructor, toString, valueOf and hasOwnProperty are sampled like any other', async () => {
    const space = Object.fromEntries(SPECIAL.map((n) => [n, { type: 'float', low: 0, high: 1 }]));
    const created = await create(space);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.space)).toEqual([...SPECIAL]);
    const { params } = (await ask(created.body.id)).body.trials[0];
    expect(Object.keys(params)).toEqual([...SPECIAL]);
    for (const n of SPECIAL) expect(typeof params[n]).toBe('number');
  });

  it('a space (or any body) with a __proto__ key is refused, naming it, instead of stored as {}', async () => {
    const raw = '{"name": "proto", "space": {"__proto__": {"type": "float", "low": 0, "high": 1}}}';
    const res = await call(server.url, 'POST', '/api/v1/studies', raw);
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'invalid_request', 'space.__proto__']);
  });

  it('the grid over a parameter named toString has all its points', async () => {
    const created = await create({ toString: { type: 'int', low: 0, high: 3 } }, { type: 'grid' });
    expect(created.status).toBe(201);
    const seen = new Set<number>();
    for (let i = 0; i < 4; i++) seen.add((await ask(created.body.id)).body.trials[0].params.toString);
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    const after = await ask(created.body.id);
    expect([after.status, after.body.code]).toEqual([409, 'grid_exhausted']);
  });

  it('grid values for an unknown parameter named constructor are refused', async () => {
    const res = await create({ x: { type: 'int', low: 0, high: 3 } }, { type: 'grid', values: { constructor: [1] } });
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'invalid_sampler', 'sampler.values.constructor']);
  });

  it('a conditional parameter named valueOf: the GP models it (no fallback) and /model answers 200', async () => {
    const space = { kind: { type: 'categorical', choices: ['a', 'b'] }, valueOf: { type: 'float', low: 0, high: 1, condition: { parent: 'kind', values: ['b'] } }, x: { type: 'float', low: 0, high: 1 } };
    const created = await create(space, { type: 'gp', seed: 2 });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (let i = 0; i < 12; i++) {
      const trial = (await ask(id)).body.trials[0];
      const value = (trial.params.x - 0.3) ** 2 + (Object.hasOwn(trial.params, "valueOf") ? trial.params.valueOf : 0.5);
      expect((await call(server.url, 'POST', `/api/v1/studies/${id}/trials/${trial.id}/tell`, { value })).status).toBe(200);
    }
    const next = (await ask(id)).body.trials[0];
    expect(next.reason.fallback).toBeUndefined();
    expect(next.reason.strategy).toMatch(/^gp/);
    const model = await call(server.url, 'GET', `/api/v1/studies/${id}/model`);
    expect(model.status).toBe(200);
  });

  it.each(SPECIAL)('an enqueued extra param %s is refused, naming it', async (name) => {
    const created = await create({ x: { type: 'float', low: 0, high: 1 } });
    const res = await call(server.url, 'POST', `/api/v1/studies/${created.body.id}/trials`, { params: { x: 0.5, [name]: 1 } });
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'invalid_params', `params.${name}`]);
  });

  it.each(SPECIAL)('/model?x=%s is refused, naming x', async (name) => {
    const created = await create({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } }, { type: 'gp' });
    const res = await call(server.url, 'GET', `/api/v1/studies/${created.body.id}/model?x=${name}&y=y`);
    expect([res.status, res.body.code, res.body.field]).toEqual([400, 'invalid_request', 'x']);
  });
});

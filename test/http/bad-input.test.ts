import { request as httpRequest } from 'node:http';
import { call, startTestServer, type TestServer } from '../helpers/server';
import { schemaErrors } from '../helpers/openapi-schema';

/** Every bad input of docs/reliability.md: a 4xx problem with a stable code naming the field, never a 5xx. */
describe('bad input', () => {
  let server: TestServer;
  let studyId: string;
  let trialId: string;
  const space = {
    lr: { type: 'float', low: 0.001, high: 0.1 },
    units: { type: 'int', low: 1, high: 8 },
    act: { type: 'categorical', choices: ['relu', 'tanh'] },
  };

  beforeAll(async () => {
    server = await startTestServer({ BAYTUNE_BODY_LIMIT_BYTES: '4096' });
    studyId = (await call(server.url, 'POST', '/api/v1/studies', { name: 's', space, sampler: { type: 'random', seed: 1 } })).body.id;
    trialId = (await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, {})).body.trials[0].id;
  });
  afterAll(async () => {
    await server.stop();
  });

  const expectProblem = (res: { status: number; body: any; headers: Headers }, status: number, code: string, field?: string) => {
    expect({ status: res.status, code: res.body?.code, field: res.body?.field }).toEqual({ status, code, field: field ?? res.body?.field });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(schemaErrors('Problem', res.body)).toBeNull();
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  };
  const tell = (body: unknown) => call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${trialId}/tell`, body);
  const create = (s: unknown, extra: object = {}) => call(server.url, 'POST', '/api/v1/studies', { name: `x${Math.random()}`, space: s, ...extra });

  it.each([
    ['NaN token', '{"value": NaN}', 'malformed_json'],
    ['Infinity token', '{"value": Infinity}', 'malformed_json'],
    ['truncated JSON', '{"value": 0.5', 'malformed_json'],
  ])('rejects %s as malformed JSON', async (_name, raw, code) => {
    expectProblem(await tell(raw), 400, code, 'body');
  });

  it('rejects 1e999 (parses to Infinity) as a non-finite value', async () => {
    expectProblem(await tell('{"value": 1e999}'), 400, 'invalid_value', 'value');
  });

  it('rejects a number sent as a string', async () => {
    expectProblem(await tell({ value: '0.5' }), 400, 'invalid_value', 'value');
  });

  it('rejects a wrong number of objective values (an array)', async () => {
    expectProblem(await tell({ value: [0.1, 0.2] }), 400, 'invalid_value', 'value');
  });

  it('rejects a COMPLETE tell without a value and a FAIL tell with one', async () => {
    expectProblem(await tell({}), 400, 'invalid_value', 'value');
    expectProblem(await tell({ state: 'FAIL', value: 1 }), 400, 'invalid_value', 'value');
  });

  it('rejects unknown fields, naming them', async () => {
    expectProblem(await tell({ value: 1, vaule: 2 }), 400, 'unknown_field', 'vaule');
    expectProblem(await create({ x: { type: 'float', low: 0, high: 1, lgo: true } }), 400, 'unknown_field', 'space.x.lgo');
  });

  it('rejects bad params of an enqueued trial, naming the parameter', async () => {
    const add = (params: object) => call(server.url, 'POST', `/api/v1/studies/${studyId}/trials`, { params });
    expectProblem(await add({ lr: 0.5, units: 2, act: 'relu' }), 400, 'invalid_params', 'params.lr');
    expectProblem(await add({ lr: 0.01, units: 2.5, act: 'relu' }), 400, 'invalid_params', 'params.units');
    expectProblem(await add({ lr: 0.01, units: 2, act: 'gelu' }), 400, 'invalid_params', 'params.act');
    expectProblem(await add({ lr: 0.01, units: 2, act: 'relu', extra: 1 }), 400, 'invalid_params', 'params.extra');
    // A queued trial may leave params out (the sampler fills them); a finished one may not.
    const finished = await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials`, { params: { lr: 0.01, act: 'relu' }, value: 1 });
    expectProblem(finished, 400, 'invalid_params', 'params.units');
  });

  it.each([
    ['log with low <= 0', { x: { type: 'float', low: 0, high: 1, log: true } }, 'space.x.low'],
    ['low >= high', { x: { type: 'float', low: 2, high: 1 } }, 'space.x.low'],
    ['a step that does not divide the range', { x: { type: 'float', low: 0, high: 1, step: 0.3 } }, 'space.x.step'],
    ['an int bound that is not an integer', { x: { type: 'int', low: 0.5, high: 3 } }, 'space.x.low'],
    ['empty choices', { x: { type: 'categorical', choices: [] } }, 'space.x.choices'],
    ['duplicate choices', { x: { type: 'categorical', choices: ['a', 'a'] } }, 'space.x.choices'],
    ['an unknown parent', { x: { type: 'int', low: 0, high: 3, condition: { parent: 'nope', values: [1] } } }, 'space.x.condition.parent'],
    ['a cycle', { a: { type: 'int', low: 0, high: 3, condition: { parent: 'b', values: [1] } }, b: { type: 'int', low: 0, high: 3, condition: { parent: 'a', values: [1] } } }, 'space.a.condition'],
    ['an unknown parameter type', { x: { type: 'complex', low: 0, high: 1 } }, 'space.x.type'],
    ['no parameters', {}, 'space'],
  ])('rejects a space with %s', async (_name, s, field) => {
    expectProblem(await create(s), 400, 'invalid_space', field);
  });

  it('rejects spaces over the caps', async () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }]));
    expectProblem(await create(many), 400, 'invalid_space', 'space');
    const choices = Array.from({ length: 1001 }, (_, i) => `c${i}`);
    const res = await call(server.url, 'POST', '/api/v1/studies', { name: 'big', space: { x: { type: 'categorical', choices } } });
    expect([400, 413]).toContain(res.status);
  });

  it('rejects an unknown sampler and bad sampler options', async () => {
    expectProblem(await create(space, { sampler: { type: 'magic' } }), 400, 'invalid_sampler', 'sampler.type');
    expectProblem(await create(space, { sampler: { type: 'random', seed: -1 } }), 400, 'invalid_sampler', 'sampler.seed');
    expectProblem(await create(space, { sampler: { type: 'random', foo: 1 } }), 400, 'invalid_sampler', 'sampler.foo');
    expectProblem(await create(space, { pruner: { type: 'nope' } }), 400, 'invalid_pruner', 'pruner.type');
  });

  it('rejects ask counts out of range', async () => {
    expectProblem(await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, { count: 0 }), 400, 'invalid_request', 'count');
    expectProblem(await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, { count: 100000 }), 400, 'invalid_request', 'count');
  });

  it('answers 413 for an oversize body, also when chunked', async () => {
    const big = JSON.stringify({ value: 1, user_attrs: { blob: 'x'.repeat(10_000) } });
    expectProblem(await tell(big), 413, 'payload_too_large');
    const chunked = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const url = new URL(`${server.url}/api/v1/studies/${studyId}/trials/${trialId}/tell`);
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(big.slice(i * 1100, (i + 1) * 1100));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body.code).toBe('payload_too_large');
  });

  it('answers 415 for a non-JSON content type', async () => {
    expectProblem(await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, 'count=2', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  });

  it('answers 404 for unknown ids and routes', async () => {
    expectProblem(await call(server.url, 'GET', '/api/v1/studies/nope'), 404, 'study_not_found', 'studyId');
    expectProblem(await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials/nope`), 404, 'trial_not_found', 'trialId');
    expectProblem(await call(server.url, 'GET', '/api/v2/whatever'), 404, 'not_found');
  });

  it('rejects a bad cursor and a bad state filter', async () => {
    expectProblem(await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials?cursor=garbage`), 400, 'invalid_request', 'cursor');
    expectProblem(await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials?state=DONE`), 400, 'invalid_request', 'state');
  });

  it('rejects a duplicate study name with 409', async () => {
    await create(space, { name: 'dup' });
    expectProblem(await create(space, { name: 'dup' }), 409, 'study_exists', 'name');
  });
});

describe('NUL characters', () => {
  it('are refused wherever they stand in a body, naming the field', async () => {
    const server = await startTestServer();
    try {
      const res = await call(server.url, 'POST', '/api/v1/studies', { name: 'a\u0000b', space: { x: { type: 'float', low: 0, high: 1 } } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_request', field: 'name' });
    } finally {
      await server.stop();
    }
  });
});

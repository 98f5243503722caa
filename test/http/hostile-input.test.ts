import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { schemaErrors } from '../helpers/openapi-schema';
import { call, startTestServer, type TestServer } from '../helpers/server';

/**
 * The hostile-review suite (RELIABILITY.md "Bad input", P7, P8): one table of bad requests, each
 * answered by a 4xx application/problem+json with a stable code naming the field, never a 5xx.
 * Paths use STUDY, TRIAL and GP for ids made in beforeAll.
 */
interface Case {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** A JSON value, or raw text / bytes sent as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
  field: string;
}

const FLOAT = { type: 'float', low: 0, high: 1 };
const SPECIAL = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const studyBody = (extra: string) => `{"name":"n${Math.random()}","space":{"x":{"type":"float","low":0,"high":1}}${extra}}`;

function createCases(): [string, Case][] {
  const create = (name: string, body: unknown, status: number, code: string, field: string): [string, Case] => [name, { method: 'POST', path: '/api/v1/studies', body, status, code, field }];
  const space = (name: string, s: unknown, field: string, code = 'invalid_space'): [string, Case] => create(`space: ${name}`, { name: `s${Math.random()}`, space: s }, 400, code, field);
  const emoji201 = '😀'.repeat(201);
  return [
    space('float [-1e308, 1e308] (width overflows)', { x: { type: 'float', low: -1e308, high: 1e308 } }, 'space.x.high'),
    space('float [-1.7e308, 1.7e308]', { x: { type: 'float', low: -1.7e308, high: 1.7e308 } }, 'space.x.high'),
    space('float log [1e-300, 1e308] is fine but [-1e308, 1e308] int is not', { x: { type: 'int', low: -1e308, high: 1e308 } }, 'space.x.low'),
    space('int [0, 2^60]', { x: { type: 'int', low: 0, high: 2 ** 60 } }, 'space.x.high'),
    space('int [-2^53, 0]', { x: { type: 'int', low: -(2 ** 53), high: 0 } }, 'space.x.low'),
    space('int [-(2^53-1), 2^53-1] (more than 2^53 integers)', { x: { type: 'int', low: -(2 ** 53 - 1), high: 2 ** 53 - 1 } }, 'space.x.high'),
    space('step 1e-320 (underflows)', { x: { ...FLOAT, step: 1e-320 } }, 'space.x.step'),
    space('step 5e-324', { x: { ...FLOAT, step: 5e-324 } }, 'space.x.step'),
    space('step 1e-17 (more than 2^53 levels)', { x: { ...FLOAT, step: 1e-17 } }, 'space.x.step'),
    space('step below double precision near 1e15', { x: { type: 'float', low: 1e15, high: 1e15 + 1, step: 0.01 } }, 'space.x.step'),
    space('step 0', { x: { ...FLOAT, step: 0 } }, 'space.x.step'),
    space('step -0.1', { x: { ...FLOAT, step: -0.1 } }, 'space.x.step'),
    space('int step 0.5', { x: { type: 'int', low: 0, high: 4, step: 0.5 } }, 'space.x.step'),
    space('a 201-code-point name', { [emoji201]: FLOAT }, `space.${emoji201}`),
    ...SPECIAL.map((n) => space(`condition parent ${n} not in the space`, { x: { ...FLOAT, condition: { parent: n, values: [1] } } }, 'space.x.condition.parent')),
    space('condition parent __proto__', { x: { ...FLOAT, condition: { parent: '__proto__', values: [1] } } }, 'space.x.condition.parent'),
    ...SPECIAL.map((n) => create(`grid values for unknown ${n}`, { name: `g${Math.random()}`, space: { x: FLOAT }, sampler: { type: 'grid', values: { [n]: [0.5] } } }, 400, 'invalid_sampler', `sampler.values.${n}`)),
    create('space key __proto__', '{"name":"p","space":{"__proto__":{"type":"float","low":0,"high":1}}}', 400, 'invalid_request', 'space.__proto__'),
    create('user_attrs key __proto__', studyBody(',"user_attrs":{"__proto__":{"admin":true}}'), 400, 'invalid_request', 'user_attrs.__proto__'),
    create('sampler key __proto__', studyBody(',"sampler":{"type":"random","__proto__":{}}'), 400, 'invalid_request', 'sampler.__proto__'),
    create('top-level key __proto__', studyBody(',"__proto__":{"x":1}'), 400, 'invalid_request', '__proto__'),
    create('grid values key __proto__', studyBody(',"sampler":{"type":"grid","values":{"__proto__":[1]}}'), 400, 'invalid_request', 'sampler.values.__proto__'),
    create('nested user_attrs key __proto__', studyBody(',"user_attrs":{"a":{"b":{"__proto__":1}}}'), 400, 'invalid_request', 'user_attrs.a.b.__proto__'),
    create('10,000-deep user_attrs', studyBody(`,"user_attrs":${deep(10_000)}`), 400, 'invalid_request', `user_attrs${'.a'.repeat(31)}`),
    create('33-deep user_attrs', studyBody(`,"user_attrs":${deep(33)}`), 400, 'invalid_request', `user_attrs${'.a'.repeat(31)}`),
    create('1,000-deep arrays in user_attrs', studyBody(`,"user_attrs":{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`), 400, 'invalid_request', `user_attrs.a${'.0'.repeat(30)}`),
    create('lone high surrogate in the name', '{"name":"a\\ud800b","space":{"x":{"type":"float","low":0,"high":1}}}', 400, 'invalid_request', 'name'),
    create('lone low surrogate in the name', '{"name":"\\udc00","space":{"x":{"type":"float","low":0,"high":1}}}', 400, 'invalid_request', 'name'),
    create('lone surrogate in a parameter name', '{"name":"ls","space":{"x\\ud800":{"type":"float","low":0,"high":1}}}', 400, 'invalid_request', 'space.x\ud800'),
    create('lone surrogate in a choice', '{"name":"ls2","space":{"c":{"type":"categorical","choices":["a","\\udfff"]}}}', 400, 'invalid_request', 'space.c.choices.1'),
    create('lone surrogate in a user_attrs value', studyBody(',"user_attrs":{"note":"x\\ud83d"}'), 400, 'invalid_request', 'user_attrs.note'),
    create('lone surrogate in a user_attrs key', studyBody(',"user_attrs":{"\\ud83d":1}'), 400, 'invalid_request', 'user_attrs.\ud83d'),
    create('NUL in the name', { name: 'a\u0000', space: { x: FLOAT } }, 400, 'invalid_request', 'name'),
    create('NUL in a parameter name', { name: 'nul', space: { ['x\u0000']: FLOAT } }, 400, 'invalid_request', 'space.x\u0000'),
    create('NUL in a user_attrs value', { name: 'nul2', space: { x: FLOAT }, user_attrs: { a: 'b\u0000' } }, 400, 'invalid_request', 'user_attrs.a'),
    create('invalid UTF-8 bytes in the name', Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('","space":{"x":{"type":"float","low":0,"high":1}}}')]), 400, 'invalid_request', 'body'),
    create('a truncated UTF-8 sequence', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe2, 0x82]), Buffer.from('","space":{}}')]), 400, 'invalid_request', 'body'),
    create('an overlong UTF-8 encoding of "/"', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","space":{}}')]), 400, 'invalid_request', 'body'),
    ['Content-Encoding gzip on a plain body', { method: 'POST', path: '/api/v1/studies', body: studyBody(''), headers: { 'content-encoding': 'gzip' }, status: 400, code: 'invalid_request', field: 'content-encoding' }],
    ['Content-Encoding deflate on a plain body', { method: 'POST', path: '/api/v1/studies', body: studyBody(''), headers: { 'content-encoding': 'deflate' }, status: 400, code: 'invalid_request', field: 'content-encoding' }],
    ['Content-Encoding br on a plain body', { method: 'POST', path: '/api/v1/studies', body: studyBody(''), headers: { 'content-encoding': 'br' }, status: 400, code: 'invalid_request', field: 'content-encoding' }],
    ['Content-Encoding gzip on a truncated gzip body', { method: 'POST', path: '/api/v1/studies', body: gzipSync(studyBody('')).subarray(0, 20), headers: { 'content-encoding': 'gzip' }, status: 400, code: 'invalid_request', field: 'content-encoding' }],
    ['an unknown Content-Encoding', { method: 'POST', path: '/api/v1/studies', body: studyBody(''), headers: { 'content-encoding': 'compress' }, status: 415, code: 'unsupported_media_type', field: 'content-type' }],
    create('direction "up"', { name: 'd', space: { x: FLOAT }, direction: 'up' }, 400, 'invalid_request', 'direction'),
    create('an empty name', { name: '', space: { x: FLOAT } }, 400, 'invalid_request', 'name'),
    create('a 201-code-point study name', { name: emoji201, space: { x: FLOAT } }, 400, 'invalid_request', 'name'),
    create('lease_seconds 0', { name: 'l', space: { x: FLOAT }, lease_seconds: 0 }, 400, 'invalid_request', 'lease_seconds'),
    create('max_retry -1', { name: 'm', space: { x: FLOAT }, max_retry: -1 }, 400, 'invalid_request', 'max_retry'),
    create('a space given as a list', { name: 'a', space: [FLOAT] }, 400, 'invalid_space', 'space'),
    create('a space given as a string', { name: 'a', space: 'x' }, 400, 'invalid_space', 'space'),
    create('no space', { name: 'a' }, 400, 'invalid_space', 'space'),
    create('no name', { space: { x: FLOAT } }, 400, 'invalid_request', 'name'),
    create('low given as a string', { name: 'a', space: { x: { type: 'float', low: '0', high: 1 } } }, 400, 'invalid_space', 'space.x.low'),
    create('a choice that is an object', { name: 'a', space: { x: { type: 'categorical', choices: [{}] } } }, 400, 'invalid_space', 'space.x.choices.0'),
    create('a sampler given as a string', { name: 'a', space: { x: FLOAT }, sampler: 'gp' }, 400, 'invalid_sampler', 'sampler'),
    create('an unknown top-level field', { name: 'a', space: { x: FLOAT }, colour: 'red' }, 400, 'unknown_field', 'colour'),
    create('a body that is an array', [1, 2], 400, 'invalid_request', 'body'),
    create('a body that is a number', '42', 400, 'malformed_json', 'body'),
    create('malformed JSON', '{"name": ', 400, 'malformed_json', 'body'),
    create('a NaN literal', '{"name":"a","space":{"x":{"type":"float","low":NaN,"high":1}}}', 400, 'malformed_json', 'body'),
    ['a text/plain body', { method: 'POST', path: '/api/v1/studies', body: studyBody(''), headers: { 'content-type': 'text/plain' }, status: 415, code: 'unsupported_media_type', field: 'content-type' }],
    ['a latin-1 charset', { method: 'POST', path: '/api/v1/studies', body: studyBody(''), headers: { 'content-type': 'application/json; charset=latin1' }, status: 415, code: 'unsupported_media_type', field: 'content-type' }],
  ];
}

function queryCases(): [string, Case][] {
  const get = (path: string, status: number, code: string, field: string): [string, Case] => [`GET ${path}`, { method: 'GET', path, status, code, field }];
  const unknown: [string, string][] = [
    ['/api/v1/studies?name=x', 'name'], ['/api/v1/studies?offset=3', 'offset'], ['/api/v1/studies?limit=2&page=2', 'page'],
    ['/api/v1/studies?token=abc', 'token'], ['/api/v1/studies/STUDY?fields=id', 'fields'], ['/api/v1/studies/STUDY/trials?states=COMPLETE', 'states'],
    ['/api/v1/studies/STUDY/trials?sort=value', 'sort'], ['/api/v1/studies/STUDY/trials/TRIAL?x=1', 'x'], ['/api/v1/studies/STUDY/best?n=3', 'n'],
    ['/api/v1/studies/STUDY/export?format=json&all=1', 'all'], ['/api/v1/studies/GP/model?z=x', 'z'], ['/api/v1/studies?constructor=1', 'constructor'],
    ['/api/v1/studies?__proto__=1', '__proto__'], ['/api/v1/studies/STUDY/trials?limit=5&Limit=6', 'Limit'],
  ];
  return [
    ...unknown.map(([path, field]) => get(path, 400, 'unknown_field', field)),
    get('/api/v1/studies?limit=0', 400, 'invalid_request', 'limit'),
    get('/api/v1/studies?limit=1001', 400, 'invalid_request', 'limit'),
    get('/api/v1/studies?limit=abc', 400, 'invalid_request', 'limit'),
    get('/api/v1/studies?limit=1.5', 400, 'invalid_request', 'limit'),
    get('/api/v1/studies?cursor=nope', 400, 'invalid_request', 'cursor'),
    get(`/api/v1/studies?cursor=${'a'.repeat(201)}`, 400, 'invalid_request', 'cursor'),
    get('/api/v1/studies/STUDY/trials?limit=0', 400, 'invalid_request', 'limit'),
    get('/api/v1/studies/STUDY/trials?limit=-3', 400, 'invalid_request', 'limit'),
    get('/api/v1/studies/STUDY/trials?limit=10001', 400, 'invalid_request', 'limit'),
    get('/api/v1/studies/STUDY/trials?state=DONE', 400, 'invalid_request', 'state'),
    get('/api/v1/studies/STUDY/trials?state=COMPLETE,', 400, 'invalid_request', 'state'),
    get('/api/v1/studies/STUDY/trials?cursor=garbage', 400, 'invalid_request', 'cursor'),
    get('/api/v1/studies/STUDY/export?format=xml', 400, 'invalid_request', 'format'),
    ...SPECIAL.map((n) => get(`/api/v1/studies/GP/model?x=${n}&y=y`, 400, 'invalid_request', 'x')),
    get('/api/v1/studies/GP/model?x=__proto__&y=y', 400, 'invalid_request', 'x'),
    get('/api/v1/studies/GP/model?x=x&y=x', 400, 'invalid_request', 'y'),
    get('/api/v1/studies/GP/model?x=x', 400, 'invalid_request', 'y'),
    get('/api/v1/studies/GP/model?x=nope&y=y', 400, 'invalid_request', 'x'),
    get('/api/v1/studies/nope', 404, 'study_not_found', 'studyId'),
    get('/api/v1/studies/STUDY/trials/nope', 404, 'trial_not_found', 'trialId'),
    get('/api/v1/studies/%E0%A4%A', 400, 'invalid_request', 'path'),
    get('/api/v1/studies/nope/trials', 404, 'study_not_found', 'studyId'),
    [`GET a 100 KB URL`, { method: 'GET', path: `/api/v1/studies?${'a'.repeat(100_000)}=1`, status: 431, code: 'headers_too_large', field: 'url' }],
    [`GET a 20 KB path`, { method: 'GET', path: `/api/v1/studies/${'s'.repeat(20_000)}`, status: 431, code: 'headers_too_large', field: 'url' }],
    [`POST ask with a 100 KB URL`, { method: 'POST', path: `/api/v1/studies/STUDY/ask?${'q'.repeat(100_000)}`, body: {}, status: 431, code: 'headers_too_large', field: 'url' }],
    [`GET with a 40 KB header`, { method: 'GET', path: '/api/v1/studies', headers: { 'x-junk': 'j'.repeat(40_000) }, status: 431, code: 'headers_too_large', field: 'url' }],
  ];
}

function trialCases(): [string, Case][] {
  const post = (name: string, path: string, body: unknown, status: number, code: string, field: string): [string, Case] => [name, { method: 'POST', path, body, status, code, field }];
  const tell = (name: string, body: unknown, code: string, field: string, status = 400) => post(`tell: ${name}`, '/api/v1/studies/STUDY/trials/TRIAL/tell', body, status, code, field);
  const ask = (name: string, body: unknown, code: string, field: string) => post(`ask: ${name}`, '/api/v1/studies/STUDY/ask', body, 400, code, field);
  const report = (name: string, body: unknown, code: string, field: string) => post(`report: ${name}`, '/api/v1/studies/STUDY/trials/TRIAL/report', body, 400, code, field);
  const add = (name: string, body: unknown, code: string, field: string) => post(`enqueue: ${name}`, '/api/v1/studies/STUDY/trials', body, 400, code, field);
  const ok = { x: 0.5, c: 'a' };
  return [
    tell('value "0.5"', { value: '0.5' }, 'invalid_value', 'value'),
    tell('value true', { value: true }, 'invalid_value', 'value'),
    tell('value []', { value: [] }, 'invalid_value', 'value'),
    tell('value {}', { value: {} }, 'invalid_value', 'value'),
    tell('value [0.1, 0.2]', { value: [0.1, 0.2] }, 'invalid_value', 'value'),
    tell('value 1e999', '{"value": 1e999}', 'invalid_value', 'value'),
    tell('value -1e999', '{"value": -1e999}', 'invalid_value', 'value'),
    tell('value Infinity', '{"value": Infinity}', 'malformed_json', 'body'),
    tell('value NaN', '{"value": NaN}', 'malformed_json', 'body'),
    tell('no value', {}, 'invalid_value', 'value'),
    tell('state DONE', { state: 'DONE', value: 1 }, 'invalid_request', 'state'),
    tell('state complete (lower case)', { state: 'complete', value: 1 }, 'invalid_request', 'state'),
    tell('state RUNNING', { state: 'RUNNING' }, 'invalid_request', 'state'),
    tell('state 1', { state: 1 }, 'invalid_request', 'state'),
    tell('FAIL with a value', { state: 'FAIL', value: 1 }, 'invalid_value', 'value'),
    tell('reason 1', { state: 'FAIL', reason: 1 }, 'invalid_request', 'reason'),
    tell('reason 10,001 characters', { state: 'FAIL', reason: 'r'.repeat(10_001) }, 'invalid_request', 'reason'),
    tell('reason with a lone surrogate', '{"state":"FAIL","reason":"oom \\ud800"}', 'invalid_request', 'reason'),
    tell('user_attrs a list', { value: 1, user_attrs: [1] }, 'invalid_request', 'user_attrs'),
    tell('user_attrs a string', { value: 1, user_attrs: 'x' }, 'invalid_request', 'user_attrs'),
    tell('user_attrs __proto__', '{"value":1,"user_attrs":{"__proto__":{"x":1}}}', 'invalid_request', 'user_attrs.__proto__'),
    tell('user_attrs 40 deep', `{"value":1,"user_attrs":${deep(40)}}`, 'invalid_request', `user_attrs${'.a'.repeat(31)}`),
    tell('an unknown field', { value: 1, vaule: 2 }, 'unknown_field', 'vaule'),
    tell('an unknown trial', { value: 1 }, 'trial_not_found', 'trialId', 404),
    ask('count 0', { count: 0 }, 'invalid_request', 'count'),
    ask('count -1', { count: -1 }, 'invalid_request', 'count'),
    ask('count 65', { count: 65 }, 'invalid_request', 'count'),
    ask('count 1.5', { count: 1.5 }, 'invalid_request', 'count'),
    ask('count "2"', { count: '2' }, 'invalid_request', 'count'),
    ask('count null', { count: null }, 'invalid_request', 'count'),
    ask('count true', { count: true }, 'invalid_request', 'count'),
    ask('client_id 1', { client_id: 1 }, 'invalid_request', 'client_id'),
    ask('client_id ""', { client_id: '' }, 'invalid_request', 'client_id'),
    ask('client_id 201 code points', { client_id: '😀'.repeat(201) }, 'invalid_request', 'client_id'),
    ask('request_key {}', { client_id: 'w', request_key: {} }, 'invalid_request', 'request_key'),
    ask('client_id with a lone surrogate', '{"client_id":"w\\udc00"}', 'invalid_request', 'client_id'),
    ask('client_id with NUL', { client_id: 'w\u0000' }, 'invalid_request', 'client_id'),
    ask('an unknown field', { cnt: 2 }, 'unknown_field', 'cnt'),
    ask('a body that is a list', [], 'invalid_request', 'body'),
    report('step -1', { step: -1, value: 1 }, 'invalid_request', 'step'),
    report('step 1.5', { step: 1.5, value: 1 }, 'invalid_request', 'step'),
    report('step "1"', { step: '1', value: 1 }, 'invalid_request', 'step'),
    report('no step', { value: 1 }, 'invalid_request', 'step'),
    report('no value', { step: 1 }, 'invalid_value', 'value'),
    report('value 1e999', '{"step":1,"value":1e999}', 'invalid_value', 'value'),
    report('value "x"', { step: 1, value: 'x' }, 'invalid_value', 'value'),
    report('an unknown field', { step: 1, value: 1, epoch: 3 }, 'unknown_field', 'epoch'),
    add('x out of range', { params: { ...ok, x: 1.5 } }, 'invalid_params', 'params.x'),
    add('x a string', { params: { ...ok, x: '0.5' } }, 'invalid_params', 'params.x'),
    add('c not a choice', { params: { ...ok, c: 'z' } }, 'invalid_params', 'params.c'),
    add('n not an integer', { params: { ...ok, n: 2.5 } }, 'invalid_params', 'params.n'),
    // A queued trial may leave params out (the sampler fills them, as Optuna's enqueue_trial); a recorded result may not.
    add('a recorded result missing a parameter', { params: { c: 'a' }, value: 1 }, 'invalid_params', 'params.x'),
    ...SPECIAL.map((n) => add(`an extra param ${n}`, { params: { ...ok, [n]: 1 } }, 'invalid_params', `params.${n}`)),
    add('an extra param __proto__', '{"params":{"x":0.5,"c":"a","__proto__":{"x":1}}}', 'invalid_request', 'params.__proto__'),
    add('params a list', { params: [0.5] }, 'invalid_params', 'params'),
    add('no params', {}, 'invalid_params', 'params'),
    add('value 1e999', '{"params":{"x":0.5,"c":"a"},"value":1e999}', 'invalid_value', 'value'),
    add('x NaN', '{"params":{"x":NaN,"c":"a"}}', 'malformed_json', 'body'),
  ];
}

describe('hostile input: every case a 4xx problem+json with a stable code and field', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer({ BAYTUNE_BODY_LIMIT_BYTES: '200000' });
    const space = { x: FLOAT, c: { type: 'categorical', choices: ['a', 'b'] }, n: { type: 'int', low: 1, high: 4, condition: { parent: 'c', values: ['b'] } } };
    ids.STUDY = (await call(server.url, 'POST', '/api/v1/studies', { name: 'hostile', space })).body.id;
    ids.TRIAL = (await call(server.url, 'POST', `/api/v1/studies/${ids.STUDY}/ask`, {})).body.trials[0].id;
    ids.GP = (await call(server.url, 'POST', '/api/v1/studies', { name: 'hostile-gp', space: { x: FLOAT, y: FLOAT }, sampler: { type: 'gp' } })).body.id;
  });
  afterAll(async () => { await server.stop(); });

  const cases = [...createCases(), ...queryCases(), ...trialCases()];
  it('has at least 150 cases', () => expect(cases.length).toBeGreaterThanOrEqual(150));

  it.each(cases)('%s', async (_name, c) => {
    const path = c.path.replace(/STUDY|TRIAL|GP/g, (id) => (c.path.includes('/trials/TRIAL/tell') && c.code === 'trial_not_found' && id === 'TRIAL' ? 'nope' : (ids[id] as string)));
    const res = await send(server.url, c.method, path, c.body, c.headers ?? {});
    expect({ status: res.status, code: res.body?.code, field: res.body?.field }).toEqual({ status: c.status, code: c.code, field: c.field });
    expect(res.type).toContain('application/problem+json');
    expect(schemaErrors('Problem', res.body)).toBeNull();
  });

  it('counts name lengths in code points: a 200-emoji parameter name (400 UTF-16 units) is accepted and round-trips', async () => {
    const name = '😀'.repeat(200);
    const created = await call(server.url, 'POST', '/api/v1/studies', { name: '研究'.repeat(100), space: { [name]: FLOAT } });
    expect(created.status).toBe(201);
    const stored = (await call(server.url, 'GET', `/api/v1/studies/${created.body.id}`)).body;
    expect([stored.name, Object.keys(stored.space)]).toEqual(['研究'.repeat(100), [name]]);
    const trial = (await call(server.url, 'POST', `/api/v1/studies/${created.body.id}/ask`, {})).body.trials[0];
    expect(Object.keys(trial.params)).toEqual([name]);
  });

  it('a grid over the widest int range allowed (2^53 - 1 values) hands out points, no 500', async () => {
    const created = await call(server.url, 'POST', '/api/v1/studies', { name: 'wide-grid', space: { n: { type: 'int', low: -(2 ** 52), high: 2 ** 52 - 2 } }, sampler: { type: 'grid', shuffle: true } });
    expect(created.status).toBe(201);
    const asked = await call(server.url, 'POST', `/api/v1/studies/${created.body.id}/ask`, { count: 3 });
    expect(asked.status).toBe(200);
    expect(new Set(asked.body.trials.map((t: { params: { n: number } }) => t.params.n)).size).toBe(3);
    for (const t of asked.body.trials) expect(Number.isSafeInteger(t.params.n)).toBe(true);
  });

  it('still serves after the whole table: no worker died, no study was altered', async () => {
    expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
    const study = (await call(server.url, 'GET', `/api/v1/studies/${ids.STUDY}`)).body;
    expect(study.trial_counts.RUNNING).toBe(1);
    expect(Object.keys(study.space)).toEqual(['x', 'c', 'n']);
  });
});

/** One raw HTTP/1.1 request (exact bytes and headers, no client-side URL limits). */
function send(base: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; type: string; body: any }> {
  const bytes = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path, method,
      headers: { ...(bytes ? { 'content-type': 'application/json', 'content-length': String(bytes.length) } : {}), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* keep the text */ }
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: parsed });
      });
    });
    req.on('error', reject);
    req.end(bytes ?? undefined);
  });
}

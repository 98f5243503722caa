import { gzipSync } from 'node:zlib';
import { call, startTestServer, type TestServer } from '../helpers/server';

/** JSON request bodies in the forms clients send: charsets, byte order marks, compression, strict JSON. */
describe('JSON request bodies', () => {
  let server: TestServer;
  let studyId: string;
  const ask = (body: string | Uint8Array, headers: Record<string, string>) =>
    fetch(`${server.url}/api/v1/studies/${studyId}/ask`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers }).then(async (res) => ({ status: res.status, body: await res.json() }));

  beforeAll(async () => {
    server = await startTestServer();
    studyId = (await call(server.url, 'POST', '/api/v1/studies', { name: 'bodies', space: { x: { type: 'float', low: 0, high: 1 } } })).body.id;
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ['plain', '{"count": 2}', { 'content-type': 'application/json' }],
    ['with a UTF-8 charset', '{"count": 2}', { 'content-type': 'application/json; charset=UTF-8' }],
    ['with a byte order mark', '\uFEFF{"count": 2}', { 'content-type': 'application/json' }],
    ['with leading whitespace', ' \n\t{"count": 2}', { 'content-type': 'application/json' }],
  ])('reads a %s body', async (_name, text, headers) => {
    const res = await ask(text, headers);
    expect(res.status).toBe(200);
    expect(res.body.trials).toHaveLength(2);
  });

  it('reads a gzip-compressed body', async () => {
    const res = await ask(gzipSync('{"count": 2}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.body.trials).toHaveLength(2);
  });

  it.each([
    ['a bare number', '2'],
    ['whitespace only', '   '],
    ['a string', '"count"'],
  ])('answers malformed_json for %s, as strict body-parser does', async (_name, text) => {
    const res = await ask(text, { 'content-type': 'application/json' });
    expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status: 400, code: 'malformed_json', field: 'body' });
  });

  it('reads UTF-16 and answers 415 for a charset outside UTF', async () => {
    const utf16 = await ask(Buffer.from('{"count": 1}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' });
    expect(utf16.status).toBe(200);
    expect(utf16.body.trials).toHaveLength(1);
    const latin1 = await ask(Buffer.from('{"count": 1}', 'latin1'), { 'content-type': 'application/json; charset=iso-8859-1' });
    expect({ status: latin1.status, code: latin1.body.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
  });
});

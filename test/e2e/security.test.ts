import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { call } from '../helpers/server';
import { startServerProcess, type ServerProcess } from '../helpers/process';
import { hostileNamesScenario } from './support/security';

const TOKEN = 'tok-3f9c2a7e51b84d06';
const SECOND_TOKEN = 'tok-from-file-90ab17';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const STACK_FRAME = /\n\s+at |node_modules|\/work\/|\.ts:\d+|\.js:\d+/;

/** Every (method, path) of openapi.yaml under /api, with path parameters filled in. */
function apiOperations(): { method: string; path: string }[] {
  const doc = parse(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api'))
    .flatMap(([path, item]) => methods.filter((m) => m in item).map((m) => ({ method: m.toUpperCase(), path: path.replace(/\{(\w+)\}/g, 'abc') })));
}


describe('a server with bearer tokens (env and tokens file)', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baytune-e2e-security-'));
    const tokensFile = join(dir, 'tokens');
    writeFileSync(tokensFile, `# accepted tokens\n${SECOND_TOKEN}\n`);
    server = await startServerProcess({
      db: join(dir, 'sec.db'),
      env: { BAYTUNE_TOKEN: TOKEN, BAYTUNE_TOKENS_FILE: tokensFile, BAYTUNE_LOG_LEVEL: 'debug' },
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 problem+json on every /api route without a valid token', async () => {
    const routes = apiOperations();
    expect(routes.length).toBeGreaterThanOrEqual(14);
    const wrong: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Basic ${TOKEN}` }, { authorization: TOKEN }];
    for (const { method, path } of routes) {
      for (const headers of wrong) {
        const res = await call(server.url, method, path, method === 'POST' ? {} : undefined, headers);
        expect({ method, path, headers, status: res.status, code: res.body?.code }).toEqual({ method, path, headers, status: 401, code: 'unauthorized' });
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    }
  });

  it('accepts either token; the dashboard page (no data in it) and operations routes stay open', async () => {
    expect((await call(server.url, 'GET', '/api/v1/studies', undefined, AUTH)).status).toBe(200);
    expect((await call(server.url, 'GET', '/api/v1/studies', undefined, { authorization: `Bearer ${SECOND_TOKEN}` })).status).toBe(200);
    expect((await call(server.url, 'GET', '/dashboard/')).status).toBe(200);
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.yaml']) expect((await call(server.url, 'GET', path)).status).toBe(200);
  });

  it('round-trips injection-shaped and unicode names verbatim on SQLite', async () => {
    await hostileNamesScenario(server.url, AUTH);
  });

  it('never answers with a stack trace, whatever the input', async () => {
    const hostile: [string, string, unknown, Record<string, string>?][] = [
      ['POST', '/api/v1/studies', '{"name": "x", "direction": '],
      ['POST', '/api/v1/studies', '{"name": "x", "direction": "minimize", "space": {"a": {"type": "float", "low": NaN, "high": 1}}}'],
      ['POST', '/api/v1/studies', { name: 'x', direction: 'minimize', space: { a: { type: 'float', low: 1, high: 0 } } }],
      ['POST', '/api/v1/studies', 'x'.repeat(10), { 'content-type': 'text/plain' }],
      ['POST', '/api/v1/studies', { name: { $gt: '' }, direction: ['minimize'], space: null }],
      ['POST', '/api/v1/studies', { __proto__: { polluted: true }, constructor: { prototype: {} } }],
      ['GET', '/api/v1/studies/%E0%A4%A', undefined],
      ['GET', '/api/v1/studies/abc/trials?limit=-1&cursor=%00', undefined],
      ['POST', '/api/v1/studies/abc/trials/def/tell', { value: '1e999' }],
      ['DELETE', '/api/v1/studies/..%2F..%2Fetc%2Fpasswd', undefined],
      ['GET', '/dashboard/..%2F..%2Fpackage.json', undefined],
    ];
    for (const [method, path, body, headers] of hostile) {
      const res = await call(server.url, method, path, body, { ...AUTH, ...headers });
      expect({ method, path, body, answer: res.status < 500 ? 'client error' : res.body }).toEqual({ method, path, body, answer: 'client error' });
      expect(typeof res.body === 'string' ? res.body : JSON.stringify(res.body)).not.toMatch(STACK_FRAME);
    }
  });

  it('keeps the tokens out of its log even at debug level', async () => {
    await call(server.url, 'GET', '/api/v1/studies', undefined, { authorization: `Bearer ${TOKEN}`, 'x-request-id': 'log-check' });
    await call(server.url, 'GET', '/api/v1/studies', undefined, { authorization: 'Bearer guessed-secret-77' });
    await new Promise((r) => setTimeout(r, 200));
    const log = server.output();
    expect(log).toMatch(/log-check/);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(SECOND_TOKEN);
    expect(log).not.toContain('guessed-secret-77');
  });
});

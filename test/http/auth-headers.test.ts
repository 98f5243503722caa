import { call, startTestServer, type TestServer } from '../helpers/server';

const TOKEN = 'auth-headers-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

describe('bearer auth: header only, WWW-Authenticate, and a dashboard page with security headers (P8)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ BAYTUNE_TOKEN: TOKEN }); });
  afterAll(async () => { await server.stop(); });

  it('refuses ?token= on every API route, reads and writes alike, with WWW-Authenticate: Bearer', async () => {
    const created = await call(server.url, 'POST', '/api/v1/studies', { name: 'guarded', space: { x: { type: 'float', low: 0, high: 1 } } }, AUTH);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/v1/studies'], ['GET', `/api/v1/studies/${id}`], ['POST', `/api/v1/studies/${id}/ask`, {}],
      ['POST', '/api/v1/studies', { name: 'sneaky', space: { x: { type: 'float', low: 0, high: 1 } } }],
      ['DELETE', `/api/v1/studies/${id}`], ['GET', `/api/v1/studies/${id}/export`], ['GET', `/api/v1/studies/${id}/model`],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(server.url, method, `${path}?token=${TOKEN}`, body);
      expect({ method, path, status: res.status, code: res.body?.code }).toEqual({ method, path, status: 401, code: 'unauthorized' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="baytune"');
    }
    expect((await call(server.url, 'GET', `/api/v1/studies/${id}`, undefined, AUTH)).status).toBe(200);
  });

  it('serves the dashboard page and its files without a token (they hold no data), with CSP, X-Frame-Options and Referrer-Policy', async () => {
    for (const path of ['/dashboard/', '/dashboard/?token=anything', '/dashboard/index.html']) {
      const res = await fetch(server.url + path);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 200, type: 'text/html; charset=utf-8' });
      expect(await res.text()).toContain('id="token-form"');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
    }
    expect((await fetch(`${server.url}/dashboard/app.js`)).status).toBe(200);
  });
});

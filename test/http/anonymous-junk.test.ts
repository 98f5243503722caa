import { call, startTestServer, type TestServer } from '../helpers/server';

const TOKEN = 'junk-test-token';

/** The `route` label values of the baytune_http_requests_total series in a /metrics text. */
function routeLabels(metrics: string): Set<string> {
  const routes = [...metrics.matchAll(/^baytune_http_requests_total\{[^}]*route="([^"]*)"/gm)].map((m) => m[1] as string);
  return new Set(routes);
}

describe('anonymous junk requests leave metrics bounded (P8)', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ BAYTUNE_TOKEN: TOKEN }); });
  afterAll(async () => { await server.stop(); });

  it('500 requests to random unauthenticated paths add no route label but route templates and "unmatched"', async () => {
    const junk = (i: number) => [`/api/v1/studies/x/junk-${i}`, `/nowhere-${i}`, `/api/v1/studies/s${i}/trials/t${i}/what-${i}`, `/dashboard/../x${i}`, `/api/v1/studies/${i}`][i % 5] as string;
    for (let i = 0; i < 20; i++) await call(server.url, 'GET', junk(i));
    await call(server.url, 'GET', '/metrics');
    const before = (await call(server.url, 'GET', '/metrics')).body as string;
    for (let i = 20; i < 520; i++) {
      const res = await call(server.url, 'GET', junk(i));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const after = (await call(server.url, 'GET', '/metrics')).body as string;
    const labels = [...routeLabels(after)];
    expect(labels.filter((r) => r !== 'unmatched' && !/^\/(api\/v1\/studies(\/:studyId(\/[a-z]+(\/:trialId(\/[a-z]+)?)?)?)?|healthz|readyz|metrics|openapi\.yaml|dashboard)$/.test(r))).toEqual([]);
    expect(labels).toContain('unmatched');
    expect(routeLabels(after).size).toBe(routeLabels(before).size);
    // Counters grow by digits only (each raw-path series cost about 2 KB before route templates).
    expect(after.length - before.length).toBeLessThan(4096);
  });
});

import { call, startTestServer, type TestServer } from '../helpers/server';

/**
 * A study over 6 configurations, asked two at a time through the service: every configuration is
 * handed out once. Before the design skipped seen configurations,
 * study seeds 0-3 got 5, 4, 4 and 6 distinct configurations of 6 for both samplers.
 */
describe('a small discrete space over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(['auto', 'gp'])('%s: asks of two at a time get the 6 configurations once each (study seeds 0-3)', async (type) => {
    for (let seed = 0; seed < 4; seed++) {
      const space = { a: { type: 'int', low: 1, high: 3 }, c: { type: 'categorical', choices: ['u', 'v'] } };
      const created = await call(server.url, 'POST', '/api/v1/studies', { name: `tiny-${type}-${seed}`, space, sampler: { type, seed } });
      const study = `/api/v1/studies/${created.body.id}`;
      const keys: string[] = [];
      for (let round = 0; round < 3; round++) {
        const trials: { id: string; params: { a: number; c: string } }[] = (await call(server.url, 'POST', `${study}/ask`, { count: 2 })).body.trials;
        for (const t of trials) keys.push(`${t.params.a}${t.params.c}`);
        for (const t of trials) expect((await call(server.url, 'POST', `${study}/trials/${t.id}/tell`, { value: t.params.a + (t.params.c === 'u' ? 1 : 0) })).status).toBe(200);
      }
      expect(new Set(keys).size).toBe(6);
    }
  });
});

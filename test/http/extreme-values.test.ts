import { call, startTestServer, type TestServer } from '../helpers/server';
import { schemaErrors } from '../helpers/openapi-schema';

/**
 * Objective values near +-Number.MAX_VALUE are finite, so they are accepted; the GP must still
 * answer from its model with finite predictions (RELIABILITY.md "Bad input"). Before the output
 * warp divided the losses by a power of two, -1e308 beside 1e308 overflowed the warp's range:
 * the next ask fell back ("every candidate repeats an evaluated or pending point") and reasons
 * carried predicted_std null (Infinity in JSON).
 */
describe('a GP study told values near +-Number.MAX_VALUE', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const space = { x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } };
  // The median is -1e308, so the largest distance from it overflows a double.
  const told = [-1e308, -Number.MAX_VALUE, 1e308, -1.5e308, Number.MAX_VALUE, -1.2e308, 2];

  const run = async (objectives: { name: string; direction: string }[]): Promise<any[]> => {
    const created = await call(server.url, 'POST', '/api/v1/studies', { name: `extreme-${objectives.length}`, space, objectives, sampler: { type: 'gp', seed: 5 } });
    expect(created.status).toBe(201);
    const study = created.body.id as string;
    const reasons: any[] = [];
    for (let i = 0; i < told.length + 3; i++) {
      const asked = await call(server.url, 'POST', `/api/v1/studies/${study}/ask`, {});
      expect(asked.status).toBe(200);
      const trial = asked.body.trials[0];
      expect(schemaErrors('Trial', trial)).toBeNull();
      reasons.push(trial.reason);
      if (i >= told.length) continue;
      const value = told[i] as number;
      const values = Object.fromEntries(objectives.map((o, j) => [o.name, j % 2 === 0 ? value : -value]));
      const tell = await call(server.url, 'POST', `/api/v1/studies/${study}/trials/${trial.id}/tell`, objectives.length === 1 ? { value } : { values });
      expect(tell.status).toBe(200);
    }
    return reasons.slice(told.length);
  };

  it('keeps asking from its model, with finite predictions, on one objective', async () => {
    for (const reason of await run([{ name: 'value', direction: 'minimize' }])) {
      expect(reason.fallback).toBeUndefined();
      expect(reason.acquisition).toBe('log_ei');
      expect(Number.isFinite(reason.predicted_mean)).toBe(true);
      expect(Number.isFinite(reason.predicted_std)).toBe(true);
      // 0 where the believable band [lowest - range, highest + range] is wider than a double holds.
      expect(reason.predicted_std).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps asking from its model on four objectives (the scalarised model)', async () => {
    const objectives = ['a', 'b', 'c', 'd'].map((name) => ({ name, direction: 'minimize' }));
    for (const reason of await run(objectives)) {
      expect(reason.fallback).toBeUndefined();
      expect(reason.strategy).toBe('gp');
    }
  });
});

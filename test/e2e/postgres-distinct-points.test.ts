import { startServerProcess, type ServerProcess } from '../helpers/process';
import { call } from '../helpers/server';
import { createStudy, countStatus, serverErrors, type StatusTally } from './support/api';
import { freshSchema, postgresTestsEnabled, type FreshSchema } from './support/postgres';

const describePostgres = postgresTestsEnabled('postgres-distinct-points') ? describe : describe.skip;

const CLIENTS = 64;
const GRID_SPACE = { a: { type: 'int', low: 0, high: 19 }, b: { type: 'int', low: 0, high: 15 } };
const GRID_POINTS = 20 * 16;
const GRID_ASKS_PER_CLIENT = 6;

/** `perClient` anonymous asks from each of `clients` concurrent loops spread over `urls`; every trial handed out. */
async function anonymousAsks(urls: string[], studyId: string, perClient: number, deadline: number, clients = CLIENTS): Promise<{ trials: { number: number; params: unknown }[]; statuses: StatusTally }> {
  const trials: { number: number; params: unknown }[] = [];
  const statuses: StatusTally = new Map();
  const loop = async (c: number) => {
    const url = urls[c % urls.length] as string;
    for (let i = 0; i < perClient && Date.now() < deadline; i++) {
      const asked = await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, {});
      countStatus(statuses, asked.status);
      if (asked.status === 200) trials.push(...(asked.body.trials as { number: number; params: unknown }[]));
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => loop(c)));
  return { trials, statuses };
}

/**
 * `loops` concurrent loops alternating between `urls`, each asking `asks` times and telling every
 * trial it gets the body `tell(trial)`; every trial handed out, and the statuses of all calls.
 */
async function askTellLoops<T extends { id: string }>(urls: string[], studyId: string, loops: number, asks: number, tell: (trial: T) => object): Promise<{ trials: T[]; statuses: StatusTally }> {
  const trials: T[] = [];
  const statuses: StatusTally = new Map();
  const loop = async (c: number) => {
    const url = urls[c % urls.length] as string;
    for (let i = 0; i < asks; i++) {
      const asked = await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, {});
      countStatus(statuses, asked.status);
      if (asked.status !== 200) continue;
      for (const t of asked.body.trials as T[]) {
        trials.push(t);
        countStatus(statuses, (await call(url, 'POST', `/api/v1/studies/${studyId}/trials/${t.id}/tell`, tell(t))).status);
      }
    }
  };
  await Promise.all(Array.from({ length: loops }, (_, c) => loop(c)));
  return { trials, statuses };
}

describePostgres('64 anonymous clients on 2 PostgreSQL replicas get distinct points (P2)', () => {
  let schema: FreshSchema;
  let replicas: ServerProcess[] = [];
  const urls = () => replicas.map((r) => r.url);
  beforeAll(async () => {
    schema = freshSchema();
    const first = await startServerProcess({ db: schema.url });
    replicas = [first, await startServerProcess({ db: schema.url })];
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await schema?.drop();
  });

  it.each(['random', 'sobol'])('%s: 64 clients x 5 asks give 320 distinct configurations numbered 0..319', async (type) => {
    const id = await createStudy(urls()[0] as string, { name: `distinct-${type}`, sampler: { type, seed: 7 } });
    const { trials, statuses } = await anonymousAsks(urls(), id, 5, Date.now() + 60_000);
    expect(serverErrors(statuses)).toEqual({});
    expect(trials).toHaveLength(CLIENTS * 5);
    expect(new Set(trials.map((t) => t.number)).size).toBe(CLIENTS * 5);
    expect(Math.max(...trials.map((t) => t.number))).toBe(CLIENTS * 5 - 1);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(CLIENTS * 5);
  });

  it.each(['tpe', 'gp', 'genetic', 'local-search', 'auto'])('%s: 32 concurrent clients x 3 asks on a continuous space get distinct points', async (type) => {
    const id = await createStudy(urls()[0] as string, { name: `distinct-${type}`, sampler: { type, seed: 5 } });
    const { trials, statuses } = await anonymousAsks(urls(), id, 3, Date.now() + 90_000, 32);
    expect(serverErrors(statuses)).toEqual({});
    expect(trials).toHaveLength(32 * 3);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(32 * 3);
  });

  it.each(['gp', 'tpe', 'genetic'])('%s: 16 concurrent ask/tell loops on a 2-objective constrained study: distinct points, every tell kept, /pareto the feasible non-dominated set', async (type) => {
    const id = await createStudy(urls()[0] as string, {
      name: `distinct-mo-${type}`,
      direction: undefined,
      objectives: [{ name: 'a', direction: 'minimize' }, { name: 'b', direction: 'maximize' }],
      constraints: [{ name: 'm', max: 0.6 }],
      sampler: { type, seed: 11 },
    });
    const metrics = (p: { x: number; y: number }) => ({ a: p.x ** 2 + (p.y / 5) ** 2, b: -((1 - p.x) ** 2) - (p.y / 5) ** 2, m: Math.abs(p.y / 5) + 0.5 * p.x });
    const { statuses } = await askTellLoops<{ id: string; params: { x: number; y: number } }>(urls(), id, 16, 4, (t) => ({ state: 'COMPLETE', values: metrics(t.params) }));
    expect(serverErrors(statuses)).toEqual({});
    const listed = await call(urls()[1] as string, 'GET', `/api/v1/studies/${id}/trials?limit=1000`);
    const trials = (listed.body.trials as { number: number; state: string; params: { x: number; y: number }; values: Record<string, number>; feasible: boolean }[]).filter((t) => t.state === 'COMPLETE');
    expect(trials).toHaveLength(64);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(64);
    for (const t of trials) {
      expect(t.values).toEqual(metrics(t.params));
      expect(t.feasible).toBe(t.values.m! <= 0.6);
    }
    const feasible = trials.filter((t) => t.feasible);
    const beats = (p: (typeof trials)[number], q: (typeof trials)[number]) =>
      p.values.a! <= q.values.a! && p.values.b! >= q.values.b! && (p.values.a! < q.values.a! || p.values.b! > q.values.b!);
    const expected = feasible.filter((q) => !feasible.some((p) => beats(p, q))).map((t) => t.number).sort((x, y) => x - y);
    const pareto = await call(urls()[0] as string, 'GET', `/api/v1/studies/${id}/pareto`);
    expect((pareto.body.trials as { number: number }[]).map((t) => t.number)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  }, 120_000);

  it('gp on a plateau (every loss ties): 16 concurrent ask/tell loops over both replicas get distinct points, Sobol ones named plateau', async () => {
    // A mixed space: the plateau rule's Sobol points come by trial number, which concurrent rounds on two replicas share.
    const space = { x: { type: 'float', low: 0, high: 1 }, depth: { type: 'int', low: 1, high: 30 }, kind: { type: 'categorical', choices: ['p', 'q'] } };
    const id = await createStudy(urls()[0] as string, { name: 'distinct-gp-plateau', space, sampler: { type: 'gp', seed: 13 } });
    const { trials: handedOut, statuses } = await askTellLoops<{ id: string; reason: { fallback?: string } }>(urls(), id, 16, 5, () => ({ value: 0.312 }));
    const fallbacks = handedOut.map((t) => t.reason.fallback ?? '');
    expect(serverErrors(statuses)).toEqual({});
    const listed = await call(urls()[1] as string, 'GET', `/api/v1/studies/${id}/trials?limit=1000`);
    const trials = (listed.body.trials as { state: string; params: unknown }[]).filter((t) => t.state === 'COMPLETE');
    expect(trials).toHaveLength(80);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(80);
    expect(fallbacks.filter((f) => f.startsWith('plateau')).length).toBeGreaterThan(0);
  }, 120_000);

  it.each(['gp', 'auto', 'tpe'])('%s: a 6-configuration discrete space, 6 concurrent ask/tell loops over both replicas, get all 6 configurations once, then repeats', async (type) => {
    // No float parameter: a repeat is legitimate only once the space is exhausted (concurrentDuplicates).
    const space = { depth: { type: 'int', low: 1, high: 3 }, kind: { type: 'categorical', choices: ['p', 'q'] } };
    const id = await createStudy(urls()[0] as string, { name: `distinct-discrete-${type}`, space, sampler: { type, seed: 17 } });
    const value = (t: { params: { depth: number; kind: string } }) => ({ value: t.params.depth + (t.params.kind === 'p' ? 0 : 0.5) });
    const first = await askTellLoops<{ id: string; params: { depth: number; kind: string } }>(urls(), id, 6, 1, value);
    expect(serverErrors(first.statuses)).toEqual({});
    expect(first.trials).toHaveLength(6);
    expect(new Set(first.trials.map((t) => JSON.stringify(t.params))).size).toBe(6);
    // The space is exhausted now: further asks still answer (repeating configurations), none fails.
    const more = await askTellLoops<{ id: string; params: { depth: number; kind: string } }>(urls(), id, 4, 1, value);
    expect(serverErrors(more.statuses)).toEqual({});
    expect(more.trials).toHaveLength(4);
  }, 120_000);

  it('grid: a 20x16 int grid (320 points) is handed out exactly once across the replicas, then grid_exhausted (409)', async () => {
    const id = await createStudy(urls()[0] as string, { name: 'distinct-grid', space: GRID_SPACE, sampler: { type: 'grid', shuffle: true, on_exhausted: 'error', seed: 3 } });
    const { trials, statuses } = await anonymousAsks(urls(), id, GRID_ASKS_PER_CLIENT, Date.now() + 120_000);
    expect(serverErrors(statuses)).toEqual({});
    expect(trials).toHaveLength(GRID_POINTS);
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(GRID_POINTS);
    expect(statuses.get(409)).toBe(CLIENTS * GRID_ASKS_PER_CLIENT - GRID_POINTS);
    const last = await call(urls()[1] as string, 'POST', `/api/v1/studies/${id}/ask`, {});
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('grid_exhausted');
  }, 180_000); // 384 asks by 64 concurrent clients through two replicas; the asks' own deadline is 120 s
});

import { call, startTestServer, type TestServer } from '../helpers/server';
import { schemaErrors } from '../helpers/openapi-schema';

/** Multi-objective studies and outcome constraints over HTTP (issue 13), against a real server. */
describe('multi-objective studies and outcome constraints', () => {
  let server: TestServer;
  const space = { x: { type: 'float', low: 0, high: 1 }, act: { type: 'categorical', choices: ['relu', 'tanh'] } };
  // `constructor` names a metric: it must work like any other name.
  const objectives = [{ name: 'val_loss', direction: 'minimize' }, { name: 'constructor', direction: 'maximize' }];
  const constraints = [{ name: 'memory_mb', max: 512 }];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  let names = 0;
  const create = (extra: object) => call(server.url, 'POST', '/api/v1/studies', { name: `mo-${(names += 1)}`, space, sampler: { type: 'random', seed: 3 }, ...extra });
  const studyWith = async (extra: object): Promise<string> => {
    const res = await create(extra);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const ask = async (studyId: string): Promise<string> => (await call(server.url, 'POST', `/api/v1/studies/${studyId}/ask`, {})).body.trials[0].id;
  const tell = (studyId: string, trialId: string, body: unknown) => call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${trialId}/tell`, body);
  const add = (studyId: string, x: number, values: Record<string, number>) =>
    call(server.url, 'POST', `/api/v1/studies/${studyId}/trials`, { params: { x, act: 'relu' }, values });
  const expectProblem = (res: { status: number; body: any }, status: number, code: string, field: string) => {
    expect({ status: res.status, code: res.body?.code, field: res.body?.field }).toEqual({ status, code, field });
    expect(schemaErrors('Problem', res.body)).toBeNull();
  };

  it('creates a study with objectives and constraints; the resource carries them and direction is the first one\'s', async () => {
    const created = await create({ objectives, constraints });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ direction: 'minimize', objectives, constraints });
    expect(schemaErrors('Study', created.body)).toBeNull();
    const summary = await call(server.url, 'GET', `/api/v1/studies/${created.body.id}`);
    expect(summary.body).toMatchObject({ objectives, constraints, best_value: null });
    expect(schemaErrors('StudySummary', summary.body)).toBeNull();
    const plain = await create({ direction: 'maximize' });
    expect(plain.body).toMatchObject({ direction: 'maximize', objectives: [{ name: 'value', direction: 'maximize' }], constraints: [] });
  });

  it.each([
    ['both direction and objectives', { direction: 'minimize', objectives }, 'invalid_objectives', 'objectives'],
    ['five objectives', { objectives: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, direction: 'minimize' })) }, 'invalid_objectives', 'objectives'],
    ['nine constraints', { objectives, constraints: Array.from({ length: 9 }, (_, i) => ({ name: `c${i}`, max: 1 })) }, 'invalid_objectives', 'constraints'],
    ['no objective', { objectives: [] }, 'invalid_objectives', 'objectives'],
    ['a name used twice', { objectives, constraints: [{ name: 'val_loss', max: 1 }] }, 'invalid_objectives', 'constraints.0.name'],
    ['__proto__ as a metric name', { objectives: [{ name: '__proto__', direction: 'minimize' }] }, 'invalid_objectives', 'objectives.0.name'],
    ['a constraint without bounds', { objectives, constraints: [{ name: 'mem' }] }, 'invalid_objectives', 'constraints.0'],
    ['min above max', { objectives, constraints: [{ name: 'mem', min: 2, max: 1 }] }, 'invalid_objectives', 'constraints.0'],
    ['a bad direction', { objectives: [{ name: 'a', direction: 'up' }] }, 'invalid_objectives', 'objectives.0.direction'],
    ['an unknown objective field', { objectives: [{ name: 'a', direction: 'minimize', weight: 2 }] }, 'unknown_field', 'objectives.0.weight'],
    ['a single-objective sampler on two objectives', { objectives, sampler: { type: 'local-search' } }, 'invalid_sampler', 'sampler.type'],
    ['a pruner on two objectives', { objectives, pruner: { type: 'median' } }, 'invalid_pruner', 'pruner.type'],
  ])('refuses %s with 400 naming the field', async (_name, extra, code, field) => {
    expectProblem(await create(extra), 400, code, field);
  });

  it('takes a tell naming every metric; refuses a missing, unknown or non-finite one naming it', async () => {
    const studyId = await studyWith({ objectives, constraints });
    const trialId = await ask(studyId);
    const trialPath = `/api/v1/studies/${studyId}/trials/${trialId}`;
    expectProblem(await tell(studyId, trialId, { values: { val_loss: 0.2, constructor: 0.9 } }), 400, 'invalid_value', 'values.memory_mb');
    expectProblem(await tell(studyId, trialId, { values: { val_loss: 0.2, constructor: 0.9, memory_mb: 1, bogus: 2 } }), 400, 'invalid_value', 'values.bogus');
    expectProblem(await tell(studyId, trialId, '{"values": {"val_loss": 1e999, "constructor": 0.9, "memory_mb": 1}}'), 400, 'invalid_value', 'values.val_loss');
    expectProblem(await tell(studyId, trialId, { values: { val_loss: '0.2', constructor: 0.9, memory_mb: 1 } }), 400, 'invalid_value', 'values.val_loss');
    expectProblem(await tell(studyId, trialId, '{"values": {"__proto__": 1, "val_loss": 0.2, "constructor": 0.9, "memory_mb": 1}}'), 400, 'invalid_request', 'values.__proto__');
    expectProblem(await tell(studyId, trialId, { value: 0.2 }), 400, 'invalid_value', 'values');
    expectProblem(await tell(studyId, trialId, { value: 0.2, values: { val_loss: 0.2, constructor: 0.9, memory_mb: 1 } }), 400, 'invalid_value', 'values');
    expectProblem(await tell(studyId, trialId, { state: 'FAIL', values: { val_loss: 0.2, constructor: 0.9, memory_mb: 1 } }), 400, 'invalid_value', 'values');
    expect((await call(server.url, 'GET', trialPath)).body.state).toBe('RUNNING');

    const values = { val_loss: 0.2, constructor: 0.9, memory_mb: 600 };
    const told = await tell(studyId, trialId, { values });
    expect(told.status).toBe(200);
    expect(told.body).toMatchObject({ state: 'COMPLETE', value: null, values, feasible: false });
    expect(schemaErrors('Trial', told.body)).toBeNull();
    expect((await tell(studyId, trialId, { values })).status).toBe(200);
    expectProblem(await tell(studyId, trialId, { values: { ...values, memory_mb: 10 } }), 409, 'trial_state_conflict', 'state');
  });

  it('answers /pareto with the feasible non-dominated COMPLETE trials in number order', async () => {
    const studyId = await studyWith({ objectives, constraints });
    const history: [number, number, number][] = [
      [1.0, 0.5, 100], // 0: dominated by 1
      [0.5, 0.6, 100], // 1: front
      [0.2, 0.4, 512], // 2: front (a bound holds inclusively)
      [0.1, 0.9, 600], // 3: would dominate all, but infeasible
      [0.5, 0.6, 200], // 4: equal to 1: kept
      [0.3, 0.3, 100], // 5: dominated by 2
    ];
    for (const [i, [valLoss, score, memory]] of history.entries()) {
      expect((await add(studyId, i / 10, { val_loss: valLoss, constructor: score, memory_mb: memory })).status).toBe(201);
    }
    const failed = await ask(studyId);
    await tell(studyId, failed, { state: 'FAIL', reason: 'oom' });
    await ask(studyId);
    const front = await call(server.url, 'GET', `/api/v1/studies/${studyId}/pareto`);
    expect(front.status).toBe(200);
    expect(front.body.trials.map((t: { number: number }) => t.number)).toEqual([1, 2, 4]);
    expect(front.body.trials.every((t: { feasible: boolean }) => t.feasible)).toBe(true);
    for (const trial of front.body.trials) expect(schemaErrors('Trial', trial)).toBeNull();
    const list = await call(server.url, 'GET', `/api/v1/studies/${studyId}/trials`);
    expect(list.body.trials.map((t: { feasible: boolean | null }) => t.feasible)).toEqual([true, true, true, false, true, true, null, null]);
    expect(list.body.trials[6]).toMatchObject({ state: 'FAIL', values: null, value: null });
  });

  it('answers /best and /report on a multi-objective study with 409 multi_objective pointing to /pareto', async () => {
    const studyId = await studyWith({ objectives });
    await add(studyId, 0.5, { val_loss: 1, constructor: 2 });
    const best = await call(server.url, 'GET', `/api/v1/studies/${studyId}/best`);
    expectProblem(best, 409, 'multi_objective', 'studyId');
    expect(best.body.detail).toContain(`/api/v1/studies/${studyId}/pareto`);
    const trialId = await ask(studyId);
    const report = await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${trialId}/report`, { step: 1, value: 0.5 });
    expectProblem(report, 409, 'multi_objective', 'studyId');
  });

  it('a constrained single-objective study: values required, /best and best_value are the best feasible trial, 404 while none is', async () => {
    const studyId = await studyWith({ objectives: [{ name: 'accuracy', direction: 'maximize' }], constraints: [{ name: 'latency_ms', max: 30 }] });
    const trialId = await ask(studyId);
    expectProblem(await tell(studyId, trialId, { value: 0.9 }), 400, 'invalid_value', 'values');
    await tell(studyId, trialId, { values: { accuracy: 0.99, latency_ms: 45 } });
    expectProblem(await call(server.url, 'GET', `/api/v1/studies/${studyId}/best`), 404, 'no_complete_trial', 'studyId');
    expect((await call(server.url, 'GET', `/api/v1/studies/${studyId}/pareto`)).body).toEqual({ trials: [] });
    await add(studyId, 0.1, { accuracy: 0.8, latency_ms: 12 });
    await add(studyId, 0.2, { accuracy: 0.85, latency_ms: 30 });
    await add(studyId, 0.3, { accuracy: 0.95, latency_ms: 31 });
    const best = await call(server.url, 'GET', `/api/v1/studies/${studyId}/best`);
    expect(best.body).toMatchObject({ number: 2, value: 0.85, values: { accuracy: 0.85, latency_ms: 30 }, feasible: true });
    expect((await call(server.url, 'GET', `/api/v1/studies/${studyId}/pareto`)).body.trials.map((t: { number: number }) => t.number)).toEqual([2]);
    expect((await call(server.url, 'GET', `/api/v1/studies/${studyId}`)).body.best_value).toBe(0.85);
  });

  it('a PRUNED tell without a value keeps the last report under the objective\'s name, feasibility unknown', async () => {
    const studyId = await studyWith({ objectives: [{ name: 'accuracy', direction: 'maximize' }], constraints: [{ name: 'latency_ms', max: 30 }], pruner: { type: 'median' } });
    const trialId = await ask(studyId);
    await call(server.url, 'POST', `/api/v1/studies/${studyId}/trials/${trialId}/report`, { step: 2, value: 0.61 });
    const pruned = await tell(studyId, trialId, { state: 'PRUNED' });
    expect(pruned.body).toMatchObject({ state: 'PRUNED', value: 0.61, values: { accuracy: 0.61 }, feasible: null });
  });

  it('a single-objective study keeps `value`; its trials read values {"value": v}', async () => {
    const studyId = await studyWith({ direction: 'maximize' });
    const trialId = await ask(studyId);
    const told = await tell(studyId, trialId, { value: 0.25 });
    expect(told.body).toMatchObject({ value: 0.25, values: { value: 0.25 }, feasible: true });
    expect((await call(server.url, 'GET', `/api/v1/studies/${studyId}/pareto`)).body.trials.map((t: { id: string }) => t.id)).toEqual([trialId]);
    const named = await studyWith({ objectives: [{ name: 'val_loss', direction: 'minimize' }] });
    const other = await ask(named);
    expect((await tell(named, other, { value: 0.5 })).body).toMatchObject({ value: 0.5, values: { val_loss: 0.5 }, feasible: true });
  });

  it('load_if_exists loads a study with the same objectives and names a difference in them', async () => {
    const body = { name: 'mo-load', space, sampler: { type: 'random', seed: 3 }, objectives, constraints, load_if_exists: true };
    const first = await call(server.url, 'POST', '/api/v1/studies', body);
    expect((await call(server.url, 'POST', '/api/v1/studies', body)).body.id).toBe(first.body.id);
    const differing = await call(server.url, 'POST', '/api/v1/studies', { ...body, objectives: objectives.slice(0, 1), constraints: [{ name: 'memory_mb', max: 256 }] });
    expect(differing.status).toBe(409);
    expect(differing.body.details.differences).toEqual([
      'objectives: stored [{"direction":"minimize","name":"val_loss"},{"direction":"maximize","name":"constructor"}], requested [{"direction":"minimize","name":"val_loss"}]',
      'constraints: stored [{"max":512,"name":"memory_mb"}], requested [{"max":256,"name":"memory_mb"}]',
    ]);
  });

  it('exports one CSV column per objective and constraint, then feasible', async () => {
    const studyId = await studyWith({ objectives, constraints });
    await add(studyId, 0.5, { val_loss: 0.25, constructor: 3, memory_mb: 700 });
    await ask(studyId);
    const res = await fetch(`${server.url}/api/v1/studies/${studyId}/export?format=csv`);
    const [header, first, second] = (await res.text()).split('\r\n');
    expect(header).toBe('number,id,state,value,params.x,params.act,duration_seconds,started_at,completed_at,client_id,strategy,fail_reason,intermediate_values,values.val_loss,values.constructor,values.memory_mb,feasible');
    expect(first?.split(',').slice(-4)).toEqual(['0.25', '3', '700', 'false']);
    expect(second?.split(',').slice(-4)).toEqual(['', '', '', '']);
  });
});

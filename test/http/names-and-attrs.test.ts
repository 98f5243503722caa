import { schemaErrors } from '../helpers/openapi-schema';
import { call, startTestServer, type TestServer } from '../helpers/server';

const SPACE = {
  lr: { type: 'float', low: 1e-4, high: 1, log: true },
  opt: { type: 'categorical', choices: ['adam', 'sgd'] },
  momentum: { type: 'float', low: 0, high: 0.99, condition: { parent: 'opt', values: ['sgd'] } },
  layers: { type: 'int', low: 1, high: 4 },
};
const S = '/api/v1/studies';

/** Issue 14: studies by name, trials by number, load_if_exists, partial enqueue, attribute patches and notes over HTTP. */
describe('names and identities over HTTP', () => {
  let server: TestServer;
  const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, body);
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.stop(); });

  it('addresses a study by URL-encoded name on every path, and a trial by its number', async () => {
    const name = 'mlp / ümlaut ?#%';
    const created = await api('POST', S, { name, space: SPACE, sampler: { type: 'random', seed: 1 } });
    expect(created.status).toBe(201);
    const ref = `${S}/${encodeURIComponent(name)}`;
    expect((await api('GET', ref)).body.id).toBe(created.body.id);
    const [t] = (await api('POST', `${ref}/ask`, {})).body.trials;
    expect((await api('POST', `${ref}/trials/0/report`, { step: 1, value: 0.5 })).status).toBe(200);
    expect((await api('POST', `${ref}/trials/0/heartbeat`)).body.id).toBe(t.id);
    const told = await api('POST', `${ref}/trials/0/tell`, { value: 0.25 });
    expect(told.body).toMatchObject({ id: t.id, number: 0, state: 'COMPLETE', value: 0.25 });
    expect((await api('GET', `${ref}/trials/0`)).body.id).toBe(t.id);
    expect((await api('GET', `${ref}/trials`)).body.trials).toHaveLength(1);
    expect((await api('GET', `${ref}/best`)).body.id).toBe(t.id);
    expect((await api('GET', `${ref}/export?format=json`)).body.trials).toHaveLength(1);
    const missing = await api('GET', `${ref}/trials/7`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'trial_not_found', field: 'trialId' });
    expect((await api('GET', `${S}/no-such-name`)).body.code).toBe('study_not_found');
    expect((await api('DELETE', ref)).status).toBe(204);
    expect((await api('GET', ref)).status).toBe(404);
  });

  it('resolves a UUID-shaped name by name, and an existing id before any name', async () => {
    const a = (await api('POST', S, { name: 'first', space: SPACE })).body;
    const b = (await api('POST', S, { name: a.id, space: SPACE })).body;
    const uuidName = '123e4567-e89b-12d3-a456-426614174000';
    const c = (await api('POST', S, { name: uuidName, space: SPACE })).body;
    expect((await api('GET', `${S}/${a.id}`)).body.id).toBe(a.id);
    expect((await api('GET', `${S}/${b.id}`)).body.name).toBe(a.id);
    expect((await api('GET', `${S}/${uuidName}`)).body.id).toBe(c.id);
  });

  it('load_if_exists returns a matching study with 200 and names every difference in a 409', async () => {
    const body = { name: 'quadratic', space: SPACE, direction: 'minimize', sampler: { type: 'gp' }, load_if_exists: true };
    const first = await api('POST', S, body);
    const again = await api('POST', S, body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(schemaErrors('Study', again.body)).toBeNull();
    expect((await api('POST', S, { ...body, load_if_exists: undefined })).body.code).toBe('study_exists');
    const differing = await api('POST', S, { ...body, direction: 'maximize', space: { ...SPACE, layers: { type: 'int', low: 1, high: 8 } } });
    expect(differing.status).toBe(409);
    expect(differing.body.code).toBe('study_exists');
    expect(differing.body.details.differences).toEqual([
      'direction: stored minimize, requested maximize',
      'space.layers: stored {"high":4,"low":1,"type":"int"}, requested {"high":8,"low":1,"type":"int"}',
    ]);
  });

  it('enqueues a partial trial: the given params are fixed, the sampler fills the active rest', async () => {
    const id = (await api('POST', S, { name: 'partial', space: SPACE, sampler: { type: 'random', seed: 5 } })).body.id;
    const queued = await api('POST', `${S}/${id}/trials`, { params: { opt: 'sgd', lr: 0.01 } });
    expect(queued.status).toBe(201);
    expect(queued.body.state).toBe('WAITING');
    expect(queued.body.params).toMatchObject({ opt: 'sgd', lr: 0.01 });
    expect(Object.keys(queued.body.params).sort()).toEqual(['layers', 'lr', 'momentum', 'opt']);
    expect(queued.body.reason.detail).toBe('filled by random: momentum, layers');
    const [asked] = (await api('POST', `${S}/${id}/ask`, {})).body.trials;
    expect(asked.id).toBe(queued.body.id);
    const inactive = await api('POST', `${S}/${id}/trials`, { params: { opt: 'adam', momentum: 0.5 } });
    expect(inactive.body).toMatchObject({ code: 'invalid_params', field: 'params.momentum' });
    expect((await api('POST', `${S}/${id}/trials`, { params: { lr: 5 } })).body.field).toBe('params.lr');
    const complete = await api('POST', `${S}/${id}/trials`, { params: { opt: 'adam' }, value: 1 });
    expect(complete.body).toMatchObject({ code: 'invalid_params', field: 'params.lr' });
  });

  it('patches user attributes of a study and of a finished trial, with limits', async () => {
    const id = (await api('POST', S, { name: 'attrs', space: SPACE, user_attrs: { team: 'a', tmp: 1 } })).body.id;
    const study = await api('PATCH', `${S}/attrs`, { user_attrs: { tmp: null, dataset: 'cifar' } });
    expect(study.status).toBe(200);
    expect(study.body.user_attrs).toEqual({ team: 'a', dataset: 'cifar' });
    expect(schemaErrors('StudySummary', study.body)).toBeNull();
    await api('POST', `${S}/${id}/ask`, {});
    await api('POST', `${S}/${id}/trials/0/tell`, { value: 3, user_attrs: { epochs: 2 } });
    const trial = await api('PATCH', `${S}/${id}/trials/0`, { user_attrs: { note: 'diverged early' } });
    expect(trial.body).toMatchObject({ state: 'COMPLETE', value: 3, user_attrs: { epochs: 2, note: 'diverged early' } });
    const tooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]));
    expect((await api('PATCH', `${S}/${id}`, { user_attrs: tooMany })).body).toMatchObject({ code: 'invalid_request', field: 'user_attrs' });
    expect((await api('PATCH', `${S}/${id}`, { user_attrs: { big: 'x'.repeat(70_000) } })).status).toBe(400);
    expect((await api('PATCH', `${S}/${id}`, { user_attrs: {} })).status).toBe(400);
    expect((await api('PATCH', `${S}/${id}`, { other: 1 })).status).toBe(400);
    expect((await api('PATCH', `${S}/${id}/trials/9`, { user_attrs: { a: 1 } })).status).toBe(404);
    // `__proto__` is refused in every body (a 400 naming it, never a silent drop); other special names are plain keys.
    const proto = await api('PATCH', `${S}/${id}`, '{"user_attrs": {"__proto__": {"polluted": 1}}}');
    expect(proto.status).toBe(400);
    expect(proto.body.field).toBe('user_attrs.__proto__');
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    const special = await api('PATCH', `${S}/${id}`, '{"user_attrs": {"constructor": 2, "toString": 3}}');
    expect(special.status).toBe(200);
    expect(Object.keys(special.body.user_attrs)).toEqual(['team', 'dataset', 'constructor', 'toString']);
  });

  it('stores study notes with compare-and-set versions', async () => {
    await api('POST', S, { name: 'noted', space: SPACE });
    const empty = await api('GET', `${S}/noted/notes`);
    expect(empty.body).toEqual({ body: '', version: 0, updated_at: null });
    const written = await api('PUT', `${S}/noted/notes`, { body: '# Plan\n- try lr < 1e-2', version: 0 });
    expect(written.body).toMatchObject({ body: '# Plan\n- try lr < 1e-2', version: 1 });
    expect(schemaErrors('StudyNotes', written.body)).toBeNull();
    const stale = await api('PUT', `${S}/noted/notes`, { body: 'lost update', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'notes_conflict', field: 'version', details: { current: { version: 1 } } });
    expect((await api('GET', `${S}/noted/notes`)).body.body).toBe('# Plan\n- try lr < 1e-2');
    expect((await api('PUT', `${S}/noted/notes`, { body: 'x' })).body.field).toBe('version');
  });
});

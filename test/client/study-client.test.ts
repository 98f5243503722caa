import type { CreateStudyRequest } from '../../src/api/types';
import { allTrials } from '../../src/client/all-trials';
import { BaytuneError } from '../../src/client/baytune-error';
import { HttpStudyClient } from '../../src/client/http-client';
import type { StudyClient } from '../../src/client/study-client';
import { openStudies } from '../../src/index';
import { startTestServer, type TestServer } from '../helpers/server';

/** One suite, two implementations: same answers and same errors (code, status, field). */
interface Harness {
  client: StudyClient;
  stop(): Promise<void>;
}

const implementations: [string, () => Promise<Harness>][] = [
  ['HttpStudyClient against a live server', async () => {
    const server: TestServer = await startTestServer();
    const client = new HttpStudyClient({ url: server.url, clientId: 'suite-worker' });
    return { client, stop: () => server.stop() };
  }],
  ['InProcessStudyClient from openStudies', async () => {
    const client = await openStudies({ storage: 'memory' });
    return { client, stop: () => client.close() };
  }],
];

const SPACE: CreateStudyRequest['space'] = {
  x: { type: 'float', low: -3, high: 3 },
  n: { type: 'int', low: 1, high: 8 },
};

async function expectError(promise: Promise<unknown>, expected: { code: string; status: number; field?: string }): Promise<BaytuneError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BaytuneError);
  const { code, status, field } = error as BaytuneError;
  expect({ code, status, ...(expected.field === undefined ? {} : { field }) }).toEqual(expected);
  return error as BaytuneError;
}

describe.each(implementations)('%s', (_name, start) => {
  let h: Harness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('runs the ask / report / tell loop and finds the best trial', async () => {
    const study = await h.client.createStudy({ name: 'loop', space: SPACE, sampler: { type: 'random', seed: 1 } });
    expect(await h.client.best(study.id)).toBeNull();
    const values: number[] = [];
    for (let i = 0; i < 6; i++) {
      const [trial] = await h.client.ask(study.id, { count: 1 });
      const x = trial!.params.x as number;
      expect(await h.client.report(study.id, trial!.id, { step: 0, value: x * x + 1 })).toBe(false);
      const told = await h.client.tell(study.id, trial!.id, { value: x * x });
      expect(told.state).toBe('COMPLETE');
      expect(told.intermediate_values).toEqual([{ step: 0, value: x * x + 1 }]);
      values.push(x * x);
    }
    const best = await h.client.best(study.id);
    expect(best!.value).toBe(Math.min(...values));
    const summary = await h.client.getStudy(study.id);
    expect(summary.trial_counts.COMPLETE).toBe(6);
    expect(summary.best_value).toBe(Math.min(...values));
    expect((await h.client.listStudies()).map((s) => s.name)).toContain('loop');
  });

  it('pages through trials and hands out queued trials first', async () => {
    const study = await h.client.createStudy({ name: 'paging', space: SPACE });
    for (let n = 1; n <= 5; n++) await h.client.addTrial(study.id, { params: { x: n / 2, n }, value: n });
    const queued = await h.client.addTrial(study.id, { params: { x: 0.25, n: 2 } });
    expect(queued.state).toBe('WAITING');
    const [asked] = await h.client.ask(study.id, { count: 1 });
    expect(asked!.id).toBe(queued.id);
    expect((await h.client.heartbeat(study.id, asked!.id)).lease_expires_at).not.toBeNull();
    const page = await h.client.listTrials(study.id, { limit: 2 });
    expect(page.trials.map((t) => t.number)).toEqual([0, 1]);
    expect(page.next_cursor).not.toBeNull();
    const numbers: number[] = [];
    for await (const t of allTrials(h.client, study.id, {}, 2)) numbers.push(t.number);
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5]);
    const complete = await h.client.listTrials(study.id, { state: ['COMPLETE'] });
    expect(complete.trials).toHaveLength(5);
    expect((await h.client.getTrial(study.id, asked!.id)).state).toBe('RUNNING');
  });

  it('addresses studies by name and trials by number, loads an existing study, patches attributes and notes', async () => {
    const request: CreateStudyRequest = { name: 'by name/ü', space: SPACE, sampler: { type: 'random', seed: 2 }, load_if_exists: true };
    const study = await h.client.createStudy(request);
    expect((await h.client.createStudy(request)).id).toBe(study.id);
    await expectError(h.client.createStudy({ ...request, direction: 'maximize' }), { code: 'study_exists', status: 409, field: 'name' });
    const [trial] = await h.client.ask('by name/ü');
    expect((await h.client.tell('by name/ü', '0', { value: 1.5 })).id).toBe(trial!.id);
    expect((await h.client.getTrial('by name/ü', '0')).value).toBe(1.5);
    expect((await h.client.patchTrial('by name/ü', '0', { user_attrs: { note: 'ok' } })).user_attrs).toEqual({ note: 'ok' });
    expect((await h.client.patchStudy('by name/ü', { user_attrs: { owner: 'me' } })).user_attrs).toEqual({ owner: 'me' });
    const partial = await h.client.addTrial('by name/ü', { params: { x: 0.5 } });
    expect(partial.params.x).toBe(0.5);
    expect(typeof partial.params.n).toBe('number');
    const notes = await h.client.putNotes('by name/ü', { body: 'first', version: 0 });
    expect((await h.client.getNotes(study.id)).body).toBe('first');
    await expectError(h.client.putNotes(study.id, { body: 'stale', version: 0 }), { code: 'notes_conflict', status: 409, field: 'version' });
    expect(notes.version).toBe(1);
    await h.client.deleteStudy('by name/ü');
    await expectError(h.client.getStudy(study.id), { code: 'study_not_found', status: 404 });
  });

  it('throws BaytuneError with the server codes, statuses and fields', async () => {
    const study = await h.client.createStudy({ name: 'errors', space: SPACE });
    await expectError(h.client.createStudy({ name: 'errors', space: SPACE }), { code: 'study_exists', status: 409 });
    await expectError(h.client.createStudy({ name: 'bad', space: { x: { type: 'float', low: 2, high: 1 } } }), { code: 'invalid_space', status: 400, field: 'space.x.low' });
    await expectError(h.client.getStudy('no-such-study'), { code: 'study_not_found', status: 404 });
    await expectError(h.client.getTrial(study.id, 'no-such-trial'), { code: 'trial_not_found', status: 404 });
    const [trial] = await h.client.ask(study.id, { count: 1 });
    await expectError(h.client.addTrial(study.id, { params: { x: 99, n: 1 } }), { code: 'invalid_params', status: 400, field: 'params.x' });
    await expectError(h.client.tell(study.id, trial!.id, { value: NaN }), { code: 'invalid_value', status: 400, field: 'value' });
    await expectError(h.client.report(study.id, trial!.id, { step: 0, value: Infinity }), { code: 'invalid_value', status: 400, field: 'value' });
    await h.client.tell(study.id, trial!.id, { value: 1 });
    expect((await h.client.tell(study.id, trial!.id, { value: 1 })).value).toBe(1);
    const conflict = await expectError(h.client.tell(study.id, trial!.id, { value: 2 }), { code: 'trial_state_conflict', status: 409 });
    expect((conflict.details?.trial as { state: string }).state).toBe('COMPLETE');
    await expectError(h.client.report(study.id, trial!.id, { step: 1, value: 0.5 }), { code: 'trial_state_conflict', status: 409 });
    await h.client.deleteStudy(study.id);
    await expectError(h.client.getStudy(study.id), { code: 'study_not_found', status: 404 });
  });
});

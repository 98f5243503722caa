/// <reference types="jest" />
import { DomainError } from '../domain/errors';
import type { SearchSpace } from '../domain/space';
import type { Trial } from '../domain/trial';
import { askedTrials, type AskClaim, type AskResult, type NewStudy, type Storage, type TrialDraft } from '../storage/port';
import { describeAnnotations } from './storage-contract-annotations';
import { describeObjectives } from './storage-contract-objectives';

/** Opens a fresh, empty storage for one test; the suite closes it afterwards. */
export type OpenStorage = () => Promise<Storage>;

const T0 = Date.UTC(2026, 0, 1);
const SPACE: SearchSpace = {
  z_last: { type: 'float', low: 0, high: 1 },
  a_first: { type: 'categorical', choices: ['adam', 'sgd'] },
  m: { type: 'int', low: 1, high: 8, condition: { parent: 'a_first', values: ['sgd'] } },
};

/** A valid NewStudy with the given name and overrides. */
export function newStudy(name: string, extra: Partial<NewStudy> = {}): NewStudy {
  return {
    name, direction: 'minimize', space: SPACE, sampler: { type: 'random', seed: 7 }, pruner: { type: 'none' },
    user_attrs: {}, lease_seconds: 60, max_retry: 0, ...extra,
  };
}

const running = (x: number): TrialDraft => ({ state: 'RUNNING', params: { z_last: x, a_first: 'adam' } });
const waiting = (x: number): TrialDraft => ({ state: 'WAITING', params: { z_last: x, a_first: 'sgd', m: 3 } });
const complete = (x: number, value: number): TrialDraft => ({ state: 'COMPLETE', params: { z_last: x, a_first: 'adam' }, value });

function claim(count: number, extra: Partial<AskClaim> = {}): AskClaim {
  return { client_id: null, request_key: null, count, now: T0, lease_expires_at: T0 + 60_000, ...extra };
}

const numbers = (trials: Trial[]): number[] => trials.map((t) => t.number).sort((a, b) => a - b);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A committed ask's trials as [number, how it came, draft index (appended ones only)], in its order. */
function handedOut(result: AskResult): Array<[number, string, number?]> {
  if (result.outcome !== 'committed') throw new Error(`expected a committed ask, got ${result.outcome}`);
  return result.handed.map((h) => (h.how === 'appended' ? [h.trial.number, h.how, h.draft] : [h.trial.number, h.how]));
}

/**
 * The storage contract of src/storage/port.ts as one suite, run on every implementation.
 * `open` must give an empty storage each time (the reaper works across all studies).
 * `skip` marks the suite skipped (its backend is not reachable here).
 */
export function storageContract(name: string, open: OpenStorage, options: { skip?: boolean } = {}): void {
  (options.skip ? describe.skip : describe)(`storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => { storage = await open(); });
    afterEach(async () => { await storage.close(); });

    describeStudies(() => storage);
    describeNumbering(() => storage);
    describeAsk(() => storage);
    describeFinish(() => storage);
    describeLeases(() => storage);
    describeQueries(() => storage);
    describeAnnotations(() => storage);
    describeObjectives(() => storage);
  });
}

function describeStudies(get: () => Storage): void {
  test('a study round-trips with space key order, unicode and injection-shaped names verbatim', async () => {
    const names = ["'); DROP TABLE trials;--", 'ünïcødé 研究 🚀', 'quote " back\\slash %_'];
    for (const name of names) {
      const created = await get().createStudy(newStudy(name, { user_attrs: { owner: name } }), T0);
      const loaded = await get().getStudy(created.id);
      expect(loaded).toEqual(created);
      expect(loaded?.name).toBe(name);
      expect(Object.keys(loaded?.space ?? {})).toEqual(['z_last', 'a_first', 'm']);
      expect(loaded?.created_at).toBe(new Date(T0).toISOString());
    }
    expect((await get().listStudies()).map((s) => s.name)).toEqual(names);
  });

  test('a taken name throws study_exists naming the field; unknown ids give null or false', async () => {
    await get().createStudy(newStudy('dup'), T0);
    const error = await get().createStudy(newStudy('dup'), T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'study_exists', field: 'name' });
    expect(await get().getStudy('no-such-id')).toBeNull();
    expect(await get().deleteStudy('no-such-id')).toBe(false);
    expect(await get().getTrial('no-such-id', 'no-such-trial')).toBeNull();
    await expect(get().addTrials('no-such-id', [waiting(0)], T0)).rejects.toMatchObject({ code: 'study_not_found' });
  });

  test('deleteStudy removes the study, its trials, values and ask keys; the name is free again', async () => {
    const study = await get().createStudy(newStudy('doomed'), T0);
    const ask = await get().commitAsk(study.id, claim(1, { client_id: 'w', request_key: 'k' }), [running(0.5)]);
    const trial = askedTrials(ask)[0] as Trial;
    await get().addIntermediate(study.id, trial.id, 1, 0.3, T0, T0 + 1000);
    expect(await get().deleteStudy(study.id)).toBe(true);
    expect(await get().getStudy(study.id)).toBeNull();
    expect(await get().getTrial(study.id, trial.id)).toBeNull();
    expect(await get().listTrials(study.id, { limit: 10 })).toEqual([]);
    expect(await get().listStudies()).toEqual([]);
    expect(await get().deleteStudy(study.id)).toBe(false);
    const again = await get().createStudy(newStudy('doomed'), T0);
    const fresh = await get().commitAsk(again.id, claim(1, { client_id: 'w', request_key: 'k' }), [running(0.1)]);
    expect(fresh.outcome).toBe('committed');
    expect(askedTrials(fresh)[0]?.number).toBe(0);
  });

  test('listStudies gives counts per state and the best value for each direction, oldest first', async () => {
    const low = await get().createStudy(newStudy('min'), T0);
    const high = await get().createStudy(newStudy('max', { direction: 'maximize' }), T0 + 1);
    await get().createStudy(newStudy('empty'), T0 + 2);
    for (const id of [low.id, high.id]) {
      await get().addTrials(id, [complete(0.1, 3), complete(0.2, -1), complete(0.3, 7), waiting(0.4), running(0.5)], T0);
    }
    const summaries = await get().listStudies();
    expect(summaries.map((s) => [s.name, s.best_value])).toEqual([['min', -1], ['max', 7], ['empty', null]]);
    expect(summaries[0]?.trial_counts).toEqual({ WAITING: 1, RUNNING: 1, COMPLETE: 3, PRUNED: 0, FAIL: 0 });
    expect(summaries[2]?.trial_counts).toEqual({ WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAIL: 0 });
    for (const summary of summaries) expect(await get().studySummary(summary.id)).toEqual(summary);
    expect(await get().studySummary('no-such-id')).toBeNull();
  });
}

function describeNumbering(get: () => Storage): void {
  test('numbers stay unique and gapless under many concurrent addTrials and commitAsk calls', async () => {
    const study = await get().createStudy(newStudy('race'), T0);
    const adds = range(15).map((i) => get().addTrials(study.id, [complete(i / 15, i), running(i / 15)], T0));
    const asks = range(15).map((i) => get().commitAsk(study.id, claim(2), [running(i / 30), running(i / 31)]));
    const results = await Promise.all([...adds, ...asks.map((a) => a.then(askedTrials))]);
    const all = await get().listTrials(study.id, { limit: 1000 });
    expect(all.map((t) => t.number)).toEqual(range(60));
    expect(numbers(results.flat())).toEqual(range(60));
    expect(new Set(all.map((t) => t.id)).size).toBe(60);
  });

  test('drafts keep their fields: params key order, reason, user attributes, value and times', async () => {
    const study = await get().createStudy(newStudy('fields'), T0);
    const reason = { strategy: 'gp', acquisition: 'log_ei', acquisition_value: -1.5 };
    const [done, queued, run] = await get().addTrials(study.id, [
      { ...complete(0.25, 1.5), user_attrs: { note: 'warm' } },
      { ...waiting(0.75), reason },
      running(0.5),
    ], T0);
    expect(done).toMatchObject({ state: 'COMPLETE', value: 1.5, user_attrs: { note: 'warm' }, completed_at: new Date(T0).toISOString(), started_at: null });
    expect(Object.keys(queued?.params ?? {})).toEqual(['z_last', 'a_first', 'm']);
    expect(queued).toMatchObject({ state: 'WAITING', reason, value: null, started_at: null, lease_expires_at: null, retry_of: null });
    expect(run).toMatchObject({ state: 'RUNNING', started_at: new Date(T0).toISOString(), lease_expires_at: new Date(T0 + 60_000).toISOString() });
    expect(await get().getTrial(study.id, (run as Trial).id)).toEqual(run);
  });
}

function describeAsk(get: () => Storage): void {
  test('numbered drafts (first_number): the trial numbered n gets draft n - first_number; drafts short of the numbers are stale and write nothing', async () => {
    const study = await get().createStudy(newStudy('numbered'), T0);
    const window = [running(0.0), running(0.1), running(0.2), running(0.3)];
    const first = await get().commitAsk(study.id, claim(1, { first_number: 0 }), window);
    expect(askedTrials(first).map((t) => [t.number, t.params.z_last])).toEqual([[0, 0.0]]);
    expect(handedOut(first)).toEqual([[0, 'appended', 0]]);
    const second = await get().commitAsk(study.id, claim(2, { first_number: 0 }), window);
    expect(askedTrials(second).map((t) => [t.number, t.params.z_last])).toEqual([[1, 0.1], [2, 0.2]]);
    expect(handedOut(second)).toEqual([[1, 'appended', 1], [2, 'appended', 2]]);
    await get().addTrials(study.id, [waiting(0.9)], T0);
    const stale = await get().commitAsk(study.id, claim(2, { first_number: 0, client_id: 'w', request_key: 'k' }), window);
    expect(stale).toEqual({ outcome: 'stale' });
    expect(await get().countTrials(study.id)).toEqual({ total: 4, waiting: 1 });
    const fresh = await get().commitAsk(study.id, claim(2, { first_number: 4, client_id: 'w', request_key: 'k' }), [running(0.4)]);
    expect(askedTrials(fresh).map((t) => [t.number, t.params.z_last])).toEqual([[3, 0.9], [4, 0.4]]);
    expect(handedOut(fresh)).toEqual([[3, 'claimed'], [4, 'appended', 0]]);
  });

  test('commitAsk claims WAITING trials lowest number first, then appends drafts as RUNNING for the client', async () => {
    const study = await get().createStudy(newStudy('ask'), T0);
    await get().addTrials(study.id, [waiting(0.1), complete(0.2, 1), waiting(0.3)], T0);
    const result = await get().commitAsk(study.id, claim(4, { client_id: 'w1' }), [running(0.7), running(0.8), running(0.9)]);
    expect(handedOut(result)).toEqual([[0, 'claimed'], [2, 'claimed'], [3, 'appended', 0], [4, 'appended', 1]]);
    expect(askedTrials(result).map((t) => [t.number, t.state, t.client_id])).toEqual([[0, 'RUNNING', 'w1'], [2, 'RUNNING', 'w1'], [3, 'RUNNING', 'w1'], [4, 'RUNNING', 'w1']]);
    expect(askedTrials(result).map((t) => t.lease_expires_at)).toEqual(Array(4).fill(new Date(T0 + 60_000).toISOString()));
    expect((await get().countTrials(study.id)).waiting).toBe(0);
    const short = await get().commitAsk(study.id, claim(3), [running(0.5)]);
    expect(handedOut(short)).toEqual([[5, 'appended', 0]]);
    const view = await get().askView(study.id, 'w1');
    expect(view.held.map((t) => [t.number, t.state, t.client_id, t.params.z_last])).toEqual([[0, 'RUNNING', 'w1', 0.1], [2, 'RUNNING', 'w1', 0.3], [3, 'RUNNING', 'w1', 0.7], [4, 'RUNNING', 'w1', 0.8]]);
    expect(Object.keys(view.held[0]?.params ?? {})).toEqual(['z_last', 'a_first', 'm']);
    expect(view.held.map((t) => t.lease_expires_at)).toEqual(Array(4).fill(new Date(T0 + 60_000).toISOString()));
    expect(view.counts).toEqual({ total: 6, waiting: 0 });
    expect((await get().askView(study.id, 'nobody')).held).toEqual([]);
    expect(await get().askView(study.id, null)).toEqual({ held: [], counts: { total: 6, waiting: 0 } });
    expect(await get().askView('no-such-study', 'w1')).toEqual({ held: [], counts: { total: 0, waiting: 0 } });
  });

  test('askView carries the intermediate values of the held trials', async () => {
    const study = await get().createStudy(newStudy('view-values'), T0);
    const [trial] = askedTrials(await get().commitAsk(study.id, claim(1, { client_id: 'w1' }), [running(0.5)]));
    await get().addIntermediate(study.id, trial!.id, 2, 0.25, T0 + 1, T0 + 60_000);
    await get().addIntermediate(study.id, trial!.id, 1, 0.5, T0 + 2, T0 + 60_000);
    const [held] = (await get().askView(study.id, 'w1')).held;
    expect(held).toEqual(await get().getTrial(study.id, trial!.id));
    expect(held?.intermediate_values).toEqual([{ step: 1, value: 0.5 }, { step: 2, value: 0.25 }]);
  });

  test('a keyed ask first hands back the RUNNING trials its client holds, and records them under its key', async () => {
    const study = await get().createStudy(newStudy('hand-back'), T0);
    const [first] = askedTrials(await get().commitAsk(study.id, claim(1, { client_id: 'w1', request_key: 'k1' }), [running(0.1)]));
    await get().addIntermediate(study.id, first!.id, 1, 0.75, T0 + 1, T0 + 60_000);
    await get().addTrials(study.id, [waiting(0.5)], T0);
    const resumed = await get().commitAsk(study.id, claim(3, { client_id: 'w1', request_key: 'k2' }), [running(0.2), running(0.3), running(0.4)]);
    expect(handedOut(resumed)).toEqual([[0, 'held'], [1, 'claimed'], [2, 'appended', 0]]);
    expect(askedTrials(resumed).map((t) => [t.number, t.state, t.client_id])).toEqual([[0, 'RUNNING', 'w1'], [1, 'RUNNING', 'w1'], [2, 'RUNNING', 'w1']]);
    expect(askedTrials(resumed)[0]).toEqual(await get().getTrial(study.id, first!.id));
    expect(askedTrials(resumed)[0]?.intermediate_values).toEqual([{ step: 1, value: 0.75 }]);
    const replay = await get().commitAsk(study.id, claim(3, { client_id: 'w1', request_key: 'k2' }), [running(0.6)]);
    expect(replay).toEqual({ outcome: 'replayed', trials: askedTrials(resumed) });
    const other = await get().commitAsk(study.id, claim(1, { client_id: 'w2', request_key: 'k1' }), [running(0.7)]);
    expect(handedOut(other)).toEqual([[3, 'appended', 0]]);
    for (const t of askedTrials(resumed)) await get().finishTrial(study.id, t.id, { state: 'COMPLETE', value: 1, fail_reason: null, now: T0 });
    const fresh = await get().commitAsk(study.id, claim(1, { client_id: 'w1', request_key: 'k3' }), [running(0.8)]);
    expect(handedOut(fresh)).toEqual([[4, 'appended', 0]]);
    const emptyHanded = await get().commitAsk(study.id, claim(1, { client_id: 'w1', request_key: 'k4' }), []);
    expect(handedOut(emptyHanded)).toEqual([[4, 'held']]);
  });

  test('each WAITING trial is claimed exactly once by many concurrent asks', async () => {
    const study = await get().createStudy(newStudy('queue'), T0);
    const queued = await get().addTrials(study.id, range(6).map((i) => waiting(i / 6)), T0);
    expect((await get().countTrials(study.id)).waiting).toBe(6);
    const asks = await Promise.all(range(24).map((i) => get().commitAsk(study.id, claim(1, { client_id: `w${i}` }), [])));
    const claimed = asks.flatMap(askedTrials);
    expect(asks.flatMap(handedOut).map(([, how]) => how)).toEqual(Array(6).fill('claimed'));
    expect(claimed.map((t) => t.id).sort()).toEqual(queued.map((t) => t.id).sort());
    expect((await get().countTrials(study.id)).waiting).toBe(0);
  });

  test('10 parallel replays of one (client_id, request_key) give one set of trials', async () => {
    const study = await get().createStudy(newStudy('replay'), T0);
    const key = { client_id: 'worker-1', request_key: 'req-42' };
    const results = await Promise.all(range(10).map((i) => get().commitAsk(study.id, claim(2, key), [running(i / 10), running(i / 11)])));
    const ids = results.map((r) => askedTrials(r).map((t) => t.id).join(','));
    expect(new Set(ids).size).toBe(1);
    expect(results.filter((r) => r.outcome === 'committed').flatMap(handedOut)).toEqual([[0, 'appended', 0], [1, 'appended', 1]]);
    expect(results.filter((r) => r.outcome === 'replayed')).toHaveLength(9);
    expect(await get().listTrials(study.id, { limit: 100 })).toHaveLength(2);
    const other = await get().commitAsk(study.id, claim(1, { ...key, client_id: 'worker-2' }), [running(0.3)]);
    expect(handedOut(other)).toEqual([[2, 'appended', 0]]);
  });

  test('a replay returns the trials as they are now', async () => {
    const study = await get().createStudy(newStudy('replay-now'), T0);
    const key = { client_id: 'w', request_key: 'k' };
    const first = await get().commitAsk(study.id, claim(1, key), [running(0.2)]);
    const trial = askedTrials(first)[0] as Trial;
    await get().finishTrial(study.id, trial.id, { state: 'COMPLETE', value: 4, fail_reason: null, now: T0 + 5 });
    const again = await get().commitAsk(study.id, claim(1, key), [running(0.9)]);
    expect(again).toMatchObject({ outcome: 'replayed', trials: [{ id: trial.id, state: 'COMPLETE', value: 4 }] });
  });

  test('forgetAskRequests drops only the keys recorded before the cut-off; a forgotten key asks anew', async () => {
    const study = await get().createStudy(newStudy('forget'), T0);
    const old = { client_id: 'w1', request_key: 'old' };
    const recent = { client_id: 'w2', request_key: 'recent' };
    const first = await get().commitAsk(study.id, claim(1, old), [running(0.1)]);
    await get().commitAsk(study.id, claim(1, { ...recent, now: T0 + 10_000 }), [running(0.2)]);
    expect(await get().forgetAskRequests(T0 + 5_000)).toBe(1);
    expect(await get().commitAsk(study.id, claim(1, { ...recent, now: T0 + 20_000 }), [running(0.3)])).toMatchObject({ outcome: 'replayed' });
    await get().finishTrial(study.id, askedTrials(first)[0]?.id as string, { state: 'COMPLETE', value: 1, fail_reason: null, now: T0 + 15_000 });
    const anew = await get().commitAsk(study.id, claim(1, { ...old, now: T0 + 20_000 }), [running(0.4)]);
    expect(handedOut(anew)).toEqual([[2, 'appended', 0]]);
    expect(askedTrials(anew)[0]?.id).not.toBe(askedTrials(first)[0]?.id);
  });
}

function describeFinish(get: () => Storage): void {
  test('finishTrial is compare-and-set: the second finish is not applied and returns the current trial', async () => {
    const study = await get().createStudy(newStudy('cas'), T0);
    const [trial] = await get().addTrials(study.id, [{ ...running(0.4), user_attrs: { a: 1 } }], T0);
    const id = (trial as Trial).id;
    const first = await get().finishTrial(study.id, id, { state: 'COMPLETE', value: 0.5, fail_reason: null, user_attrs: { b: 2 }, now: T0 + 10 });
    expect(first?.applied).toBe(true);
    expect(first?.trial).toMatchObject({ state: 'COMPLETE', value: 0.5, user_attrs: { a: 1, b: 2 }, completed_at: new Date(T0 + 10).toISOString() });
    const second = await get().finishTrial(study.id, id, { state: 'FAIL', value: null, fail_reason: 'late', now: T0 + 20 });
    expect(second).toEqual({ applied: false, trial: first?.trial });
    expect(await get().finishTrial(study.id, 'no-such-trial', { state: 'FAIL', value: null, fail_reason: null, now: T0 })).toBeNull();
    const elsewhere = await get().createStudy(newStudy('other'), T0);
    expect(await get().finishTrial(elsewhere.id, id, { state: 'FAIL', value: null, fail_reason: null, now: T0 })).toBeNull();
  });

  test('concurrent finishes of one trial: exactly one applies', async () => {
    const study = await get().createStudy(newStudy('cas-race'), T0);
    const [trial] = await get().addTrials(study.id, [running(0.4)], T0);
    const results = await Promise.all(range(8).map((i) => get().finishTrial(study.id, (trial as Trial).id, { state: 'COMPLETE', value: i, fail_reason: null, now: T0 })));
    const applied = results.filter((r) => r?.applied);
    expect(applied).toHaveLength(1);
    expect(results.every((r) => r?.trial.value === applied[0]?.trial.value)).toBe(true);
  });

  test('intermediate values: a repeated step overwrites, steps come sorted, only while RUNNING', async () => {
    const study = await get().createStudy(newStudy('curve'), T0);
    const [trial] = await get().addTrials(study.id, [running(0.4)], T0);
    const id = (trial as Trial).id;
    for (const [step, value] of [[3, 0.3], [1, 0.9], [3, 0.25], [2, 0.5]] as const) {
      expect((await get().addIntermediate(study.id, id, step, value, T0 + step, T0 + 99_000))?.applied).toBe(true);
    }
    const loaded = await get().getTrial(study.id, id);
    expect(loaded?.intermediate_values).toEqual([{ step: 1, value: 0.9 }, { step: 2, value: 0.5 }, { step: 3, value: 0.25 }]);
    expect(loaded?.lease_expires_at).toBe(new Date(T0 + 99_000).toISOString());
    const pruned = await get().finishTrial(study.id, id, { state: 'PRUNED', value: null, fail_reason: null, now: T0 + 5 });
    expect(pruned?.trial).toMatchObject({ state: 'PRUNED', value: 0.25 });
    // The finish answers with the whole trial, intermediate values included, as a read would.
    expect(pruned?.trial).toEqual(await get().getTrial(study.id, id));
    const late = await get().addIntermediate(study.id, id, 4, 0.1, T0 + 6, T0 + 99_000);
    expect(late?.applied).toBe(false);
    expect(late?.trial.intermediate_values).toHaveLength(3);
    expect(await get().addIntermediate(study.id, 'no-such-trial', 1, 1, T0, T0)).toBeNull();
  });

  test('a finish with user attributes merges them, keeps a PRUNED trial\'s last value and is compare-and-set too', async () => {
    const study = await get().createStudy(newStudy('curve-attrs'), T0);
    const [trial] = await get().addTrials(study.id, [{ ...running(0.4), user_attrs: { kept: 1 } }], T0);
    const id = (trial as Trial).id;
    await get().addIntermediate(study.id, id, 1, 0.7, T0 + 1, T0 + 99_000);
    await get().addIntermediate(study.id, id, 2, 0.6, T0 + 2, T0 + 99_000);
    const pruned = await get().finishTrial(study.id, id, { state: 'PRUNED', value: null, fail_reason: null, user_attrs: { seed: 3 }, now: T0 + 5 });
    expect(pruned).toMatchObject({ applied: true, trial: { state: 'PRUNED', value: 0.6, user_attrs: { kept: 1, seed: 3 } } });
    expect(pruned?.trial).toEqual(await get().getTrial(study.id, id));
    const late = await get().finishTrial(study.id, id, { state: 'COMPLETE', value: 1, fail_reason: null, user_attrs: { seed: 4 }, now: T0 + 6 });
    expect(late).toEqual({ applied: false, trial: pruned?.trial });
  });
}

function describeLeases(get: () => Storage): void {
  test('heartbeat renews a RUNNING lease and is refused once finished', async () => {
    const study = await get().createStudy(newStudy('beat'), T0);
    const [trial] = askedTrials(await get().commitAsk(study.id, claim(1), [running(0.1)]));
    const id = (trial as Trial).id;
    const beat = await get().heartbeat(study.id, id, T0 + 30_000, T0 + 90_000);
    expect(beat).toMatchObject({ applied: true, trial: { heartbeat_at: new Date(T0 + 30_000).toISOString(), lease_expires_at: new Date(T0 + 90_000).toISOString() } });
    expect(await get().reapExpiredLeases(T0 + 80_000)).toEqual([]);
    await get().finishTrial(study.id, id, { state: 'COMPLETE', value: 1, fail_reason: null, now: T0 + 40_000 });
    expect((await get().heartbeat(study.id, id, T0 + 50_000, T0 + 200_000))?.applied).toBe(false);
    expect(await get().heartbeat(study.id, 'no-such-trial', T0, T0)).toBeNull();
  });

  test('two concurrent reapers fail an expired trial exactly once; live and finished trials are untouched', async () => {
    const study = await get().createStudy(newStudy('reap'), T0);
    const [stale, live, done] = askedTrials(await get().commitAsk(study.id, claim(3), [running(0.1), running(0.2), running(0.3)]));
    await get().heartbeat(study.id, (live as Trial).id, T0 + 50_000, T0 + 200_000);
    await get().finishTrial(study.id, (done as Trial).id, { state: 'COMPLETE', value: 2, fail_reason: null, now: T0 + 1 });
    const [a, b] = await Promise.all([get().reapExpiredLeases(T0 + 61_000), get().reapExpiredLeases(T0 + 61_000)]);
    const reaped = [...(a ?? []), ...(b ?? [])];
    expect(reaped.map((t) => t.id)).toEqual([(stale as Trial).id]);
    expect(reaped[0]).toMatchObject({ state: 'FAIL', fail_reason: 'lease expired', completed_at: new Date(T0 + 61_000).toISOString() });
    expect((await get().countTrials(study.id)).waiting).toBe(0);
    expect((await get().getTrial(study.id, (live as Trial).id))?.state).toBe('RUNNING');
    expect(await get().reapExpiredLeases(T0 + 61_000)).toEqual([]);
  });

  test('a reaped trial is re-queued up to max_retry times, keeping the retry_of chain', async () => {
    const study = await get().createStudy(newStudy('retry', { max_retry: 2 }), T0);
    const [original] = askedTrials(await get().commitAsk(study.id, claim(1), [{ ...running(0.6), user_attrs: { lr: 'x' } }]));
    const chain: Trial[] = [original as Trial];
    for (let round = 1; round <= 3; round += 1) {
      const now = T0 + round * 100_000;
      const reaped = await Promise.all([get().reapExpiredLeases(now), get().reapExpiredLeases(now)]);
      expect(reaped.flat().map((t) => t.id)).toEqual([chain[chain.length - 1]?.id]);
      const trials = askedTrials(await get().commitAsk(study.id, claim(1, { now, lease_expires_at: now + 1000 }), []));
      if (round === 3) { expect(trials).toEqual([]); break; }
      expect(trials[0]).toMatchObject({ number: round, params: original?.params, user_attrs: { lr: 'x' }, retry_of: chain[chain.length - 1]?.id });
      chain.push(trials[0] as Trial);
    }
    const all = await get().listTrials(study.id, { limit: 10 });
    expect(all.map((t) => [t.number, t.state])).toEqual([[0, 'FAIL'], [1, 'FAIL'], [2, 'FAIL']]);
  });
}

function describeQueries(get: () => Storage): void {
  test('bestTrial follows the direction, ties go to the lowest number, null while none is complete', async () => {
    const low = await get().createStudy(newStudy('best-min'), T0);
    const high = await get().createStudy(newStudy('best-max', { direction: 'maximize' }), T0);
    expect(await get().bestTrial(low.id, 'minimize')).toBeNull();
    for (const study of [low, high]) {
      await get().addTrials(study.id, [complete(0.1, 5), complete(0.2, 1), complete(0.3, 9), complete(0.4, 1), complete(0.5, 9), running(0.6)], T0);
    }
    const [pruned] = await get().addTrials(low.id, [running(0.7)], T0);
    await get().addIntermediate(low.id, (pruned as Trial).id, 1, -100, T0, T0 + 1);
    await get().finishTrial(low.id, (pruned as Trial).id, { state: 'PRUNED', value: null, fail_reason: null, now: T0 });
    expect((await get().bestTrial(low.id, 'minimize'))?.number).toBe(1);
    expect((await get().bestTrial(high.id, 'maximize'))?.number).toBe(2);
  });

  test('countTrials gives the number of trials and of WAITING ones in one read; zeros for an unknown study', async () => {
    const study = await get().createStudy(newStudy('counts'), T0);
    await get().addTrials(study.id, [running(0.1), waiting(0.2), complete(0.3, 1), waiting(0.4)], T0);
    expect(await get().countTrials(study.id)).toEqual({ total: 4, waiting: 2 });
    await get().commitAsk(study.id, claim(1), []);
    expect(await get().countTrials(study.id)).toEqual({ total: 4, waiting: 1 });
    expect(await get().countTrials('no-such-study')).toEqual({ total: 0, waiting: 0 });
  });

  test('listTrials pages by `after` and `limit`, filters by states, and carries intermediate values', async () => {
    const study = await get().createStudy(newStudy('pages'), T0);
    const drafts = range(25).map((i) => (i % 3 === 0 ? complete(i / 25, i) : running(i / 25)));
    const trials = await get().addTrials(study.id, drafts, T0);
    for (const trial of trials.filter((t) => t.state === 'RUNNING')) {
      await get().addIntermediate(study.id, trial.id, 1, trial.number, T0, T0 + 1);
    }
    const seen: Trial[] = [];
    // Bounded: 25 trials in pages of 7 take 4 pages; a paging bug fails here by name instead of looping forever.
    let pages = 0;
    for (let page = await get().listTrials(study.id, { limit: 7 }); page.length > 0;
      page = await get().listTrials(study.id, { limit: 7, after: page[page.length - 1]?.number })) {
      if (++pages > 4) throw new Error(`listTrials paging did not end after 4 pages of 7 (25 trials); last page starts at ${page[0]?.number}`);
      expect(page.length).toBeLessThanOrEqual(7);
      seen.push(...page);
    }
    expect(seen.map((t) => t.number)).toEqual(range(25));
    expect(seen.filter((t) => t.state === 'RUNNING').every((t) => t.intermediate_values[0]?.value === t.number)).toBe(true);
    const completes = await get().listTrials(study.id, { states: ['COMPLETE'], after: 3, limit: 3 });
    expect(completes.map((t) => t.number)).toEqual([6, 9, 12]);
    const both = await get().listTrials(study.id, { states: ['COMPLETE', 'WAITING'], limit: 100 });
    expect(both.map((t) => t.number)).toEqual(range(25).filter((i) => i % 3 === 0));
    expect(await get().listTrials(study.id, { states: ['PRUNED'], limit: 100 })).toEqual([]);
  });
}

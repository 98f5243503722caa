import { call } from '../../helpers/server';
import { allTrials, countStatus, createStudy, range, runAskTellWorkers, serverErrors, type StatusTally } from './api';

/**
 * The load checklist of docs/reliability.md as reusable scenarios: each takes the base URLs of
 * one or more servers sharing a database and asserts with jest's expect.
 */

/** 32 workers x 20 ask/tell: no 5xx, trial numbers exactly 0..639, every trial COMPLETE. */
export async function concurrentWorkersScenario(urls: string[], name: string): Promise<void> {
  const studyId = await createStudy(urls[0] as string, { name, sampler: { type: 'random', seed: 11 } });
  const run = await runAskTellWorkers(urls, studyId, 32, 20, Date.now() + 60_000);
  expect(serverErrors(run.statuses)).toEqual({});
  expect([...run.numbers].sort((a, b) => a - b)).toEqual(range(640));
  const stored = await allTrials(urls[0] as string, studyId);
  expect(stored.map((t) => t.number)).toEqual(range(640));
  expect(stored.every((t) => t.state === 'COMPLETE')).toBe(true);
}

/** 10 parallel replays of one (client_id, request_key) ask: one set of trials, handed to all. */
export async function idempotentReplayScenario(urls: string[], name: string): Promise<void> {
  const studyId = await createStudy(urls[0] as string, { name, sampler: { type: 'random', seed: 12 } });
  const body = { client_id: 'replayer', request_key: 'key-1', count: 3 };
  const answers = await Promise.all(range(10).map((i) => call(urls[i % urls.length] as string, 'POST', `/api/v1/studies/${studyId}/ask`, body)));
  expect(answers.map((a) => a.status)).toEqual(range(10).map(() => 200));
  const idSets = answers.map((a) => (a.body.trials as { id: string }[]).map((t) => t.id).join(','));
  expect(new Set(idSets).size).toBe(1);
  const stored = await allTrials(urls[0] as string, studyId);
  expect(stored.map((t) => t.number)).toEqual([0, 1, 2]);
}

/** K enqueued trials and 4K concurrent asks: each enqueued trial is handed out exactly once. */
export async function enqueuedClaimScenario(urls: string[], name: string, k: number): Promise<void> {
  const url = urls[0] as string;
  const studyId = await createStudy(url, { name, sampler: { type: 'random', seed: 13 } });
  const enqueued = new Set<string>();
  for (const i of range(k)) {
    const res = await call(url, 'POST', `/api/v1/studies/${studyId}/trials`, { params: { x: i / k, y: 0 } });
    expect(res.status).toBe(201);
    enqueued.add(res.body.id as string);
  }
  const statuses: StatusTally = new Map();
  const answers = await Promise.all(
    range(4 * k).map(async (i) => {
      const res = await call(urls[i % urls.length] as string, 'POST', `/api/v1/studies/${studyId}/ask`, {});
      countStatus(statuses, res.status);
      return res.status === 200 ? ((res.body.trials as { id: string }[])[0]?.id ?? '') : '';
    }),
  );
  expect(serverErrors(statuses)).toEqual({});
  expect(statuses.get(200)).toBe(4 * k);
  const claimed = answers.filter((id) => enqueued.has(id));
  expect(claimed.sort()).toEqual([...enqueued].sort());
  const stored = await allTrials(url, studyId);
  expect(stored.map((t) => t.number)).toEqual(range(4 * k));
  expect(stored.every((t) => t.state === 'RUNNING')).toBe(true);
}

/**
 * P3 for tells under concurrency: 10 parallel identical tells all answer 200 with one and the same
 * trial; 10 parallel tells with different values on another trial: exactly one 200, nine 409
 * carrying the stored state, and the stored value is the winner's.
 */
export async function concurrentTellsScenario(urls: string[], name: string): Promise<void> {
  const url = urls[0] as string;
  const studyId = await createStudy(url, { name, sampler: { type: 'random', seed: 14 } });
  const [same, contested] = (await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, { count: 2 })).body.trials as { id: string }[];
  const tell = (i: number, trialId: string, value: number) => call(urls[i % urls.length] as string, 'POST', `/api/v1/studies/${studyId}/trials/${trialId}/tell`, { value });
  const repeats = await Promise.all(range(10).map((i) => tell(i, same?.id as string, 0.5)));
  expect(repeats.map((r) => r.status)).toEqual(range(10).map(() => 200));
  expect(new Set(repeats.map((r) => JSON.stringify(r.body))).size).toBe(1);
  const rivals = await Promise.all(range(10).map((i) => tell(i, contested?.id as string, i)));
  const winners = rivals.filter((r) => r.status === 200);
  expect(winners).toHaveLength(1);
  const winner = winners[0]?.body.value as number;
  for (const loser of rivals.filter((r) => r.status !== 200)) {
    expect(loser).toMatchObject({ status: 409, body: { code: 'trial_state_conflict', details: { trial: { state: 'COMPLETE', value: winner } } } });
  }
  expect((await call(url, 'GET', `/api/v1/studies/${studyId}/trials/${contested?.id}`)).body).toMatchObject({ state: 'COMPLETE', value: winner });
}

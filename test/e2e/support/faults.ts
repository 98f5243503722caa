import { call } from '../../helpers/server';
import { pause, type ServerProcess } from '../../helpers/process';
import { allTrials, createStudy, range } from './api';

/** Polls `probe` every `everyMs` until it returns a value, at most `timeoutMs`; then throws. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await pause(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * P4 with every server in `urls` reaping: a silent worker's trial is failed once (lease 1 s) and
 * re-queued once (max_retry 1) with its params; a heartbeating worker keeps its trial; a late tell
 * on the reaped trial is 409 carrying the current (FAIL) state.
 */
export async function silentWorkerScenario(urls: string[], name: string): Promise<void> {
  const url = urls[0] as string;
  const studyId = await createStudy(url, { name, lease_seconds: 1, max_retry: 1, sampler: { type: 'random', seed: 3 } });
  const silent = (await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, { client_id: 'silent' })).body.trials[0];
  const alive = (await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, { client_id: 'alive' })).body.trials[0];
  const heartbeats: number[] = [];
  const beat = setInterval(() => {
    void call(urls[heartbeats.length % urls.length] as string, 'POST', `/api/v1/studies/${studyId}/trials/${alive.id}/heartbeat`)
      .then((res) => heartbeats.push(res.status));
  }, 250);
  try {
    await waitFor('the silent trial to be reaped', async () => {
      const trial = await call(url, 'GET', `/api/v1/studies/${studyId}/trials/${silent.id}`);
      return trial.body.state === 'FAIL' ? trial.body : undefined;
    }, 15_000);
    await pause(1500);
  } finally {
    clearInterval(beat);
  }
  const trials = await allTrials(url, studyId);
  expect(trials.map((t) => t.number)).toEqual(range(3));
  expect(trials[0]).toMatchObject({ id: silent.id, state: 'FAIL', fail_reason: 'lease expired' });
  expect(trials[1]).toMatchObject({ id: alive.id, state: 'RUNNING' });
  expect(trials[2]).toMatchObject({ state: 'WAITING', retry_of: silent.id, params: silent.params });
  expect(heartbeats.length).toBeGreaterThan(3);
  expect(heartbeats.every((status) => status === 200)).toBe(true);

  const late = await call(urls[urls.length - 1] as string, 'POST', `/api/v1/studies/${studyId}/trials/${silent.id}/tell`, { value: 1 });
  expect(late.status).toBe(409);
  expect(late.body).toMatchObject({ code: 'trial_state_conflict', details: { trial: { id: silent.id, state: 'FAIL' } } });
}

/** Asks `n` trials in batches of 50 and returns them. */
export async function askMany(url: string, studyId: string, n: number): Promise<{ id: string; number: number }[]> {
  const trials: { id: string; number: number }[] = [];
  while (trials.length < n) {
    const res = await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, { count: Math.min(50, n - trials.length) });
    expect(res.status).toBe(200);
    trials.push(...res.body.trials);
  }
  return trials;
}

/**
 * P1: 400 trials asked, then 16 lanes of tells; after 120 answered 2xx the server gets SIGKILL.
 * A server started again by `start` (same database) holds every acknowledged tell, numbers stay
 * 0..399, and every other trial is RUNNING or completed with exactly its lane's value.
 */
export async function killDuringTellsScenario(start: () => Promise<ServerProcess>): Promise<void> {
  const first = await start();
  const studyId = await createStudy(first.url, { name: `crash-${Date.now()}`, sampler: { type: 'random', seed: 5 } });
  const trials = await askMany(first.url, studyId, 400);
  const acknowledged = new Map<string, number>();
  let killed = false;
  const teller = async (lane: number) => {
    for (let i = lane; i < trials.length; i += 16) {
      const trial = trials[i] as { id: string; number: number };
      const res = await call(first.url, 'POST', `/api/v1/studies/${studyId}/trials/${trial.id}/tell`, { value: trial.number / 7 }).catch(() => null);
      if (res === null) return;
      if (res.status === 200) acknowledged.set(trial.id, trial.number / 7);
      if (!killed && acknowledged.size >= 120) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(range(16).map(teller));
  expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(acknowledged.size).toBeGreaterThanOrEqual(120);
  expect(acknowledged.size).toBeLessThan(400);
  const second = await start();
  try {
    const stored = await allTrials(second.url, studyId);
    expect(stored.map((t) => t.number)).toEqual(range(400));
    for (const t of stored) {
      if (acknowledged.has(t.id)) expect({ id: t.id, state: t.state, value: t.value }).toEqual({ id: t.id, state: 'COMPLETE', value: acknowledged.get(t.id) });
      else expect(t.state === 'RUNNING' || (t.state === 'COMPLETE' && t.value === t.number / 7)).toBe(true);
    }
  } finally {
    await second.stop();
  }
}

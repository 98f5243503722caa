import { call } from '../../helpers/server';

/** A continuous two-parameter space: every suggestion is a distinct point of [0,1] x [-5,5]. */
export const CONTINUOUS_SPACE = {
  x: { type: 'float', low: 0, high: 1 },
  y: { type: 'float', low: -5, high: 5 },
};

/** Per-status tally of every HTTP answer a run received. */
export type StatusTally = Map<number, number>;

export function countStatus(tally: StatusTally, status: number): void {
  tally.set(status, (tally.get(status) ?? 0) + 1);
}

/** The statuses >= 500 in a tally, as `{status: count}` (empty when there were none). */
export function serverErrors(tally: StatusTally): Record<number, number> {
  return Object.fromEntries([...tally].filter(([status]) => status >= 500));
}

/** Creates a study and returns its id; throws with the problem body when refused. */
export async function createStudy(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const res = await call(url, 'POST', '/api/v1/studies', { direction: 'minimize', space: CONTINUOUS_SPACE, ...body }, headers);
  if (res.status !== 201) throw new Error(`create study: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** A toy objective over CONTINUOUS_SPACE params. */
export function objective(params: Record<string, unknown>): number {
  return ((params.x as number) - 0.3) ** 2 + ((params.y as number) / 5) ** 2;
}

/** What a pool of ask/tell workers observed. */
export interface WorkerRun {
  numbers: number[];
  /** Ids of trials whose tell was answered 2xx, with the value told. */
  told: Map<string, number>;
  statuses: StatusTally;
}

/**
 * Runs `workers` concurrent loops of `rounds` ask+tell pairs each against one study, spreading the
 * loops over `urls` round-robin (several replicas). Each loop stops at `deadline` (epoch ms) even
 * when unfinished, so the run is bounded in count and time.
 */
export async function runAskTellWorkers(urls: string[], studyId: string, workers: number, rounds: number, deadline: number): Promise<WorkerRun> {
  const run: WorkerRun = { numbers: [], told: new Map(), statuses: new Map() };
  const loop = async (w: number) => {
    const url = urls[w % urls.length] as string;
    for (let i = 0; i < rounds && Date.now() < deadline; i++) {
      const asked = await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, { client_id: `worker-${w}` });
      countStatus(run.statuses, asked.status);
      if (asked.status !== 200) continue;
      const trial = asked.body.trials[0] as { id: string; number: number; params: Record<string, unknown> };
      run.numbers.push(trial.number);
      const value = objective(trial.params);
      const told = await call(url, 'POST', `/api/v1/studies/${studyId}/trials/${trial.id}/tell`, { value });
      countStatus(run.statuses, told.status);
      if (told.status === 200) run.told.set(trial.id, value);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  return run;
}

/** 0, 1, ..., n-1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Every trial of a study, through the paged list endpoint (bounded to 100 pages). */
export async function allTrials(url: string, studyId: string, headers: Record<string, string> = {}): Promise<any[]> {
  const trials: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const query: string = cursor === null ? '?limit=1000' : `?limit=1000&cursor=${cursor}`;
    const res = await call(url, 'GET', `/api/v1/studies/${studyId}/trials${query}`, undefined, headers);
    if (res.status !== 200) throw new Error(`list trials: ${res.status} ${JSON.stringify(res.body)}`);
    trials.push(...res.body.trials);
    cursor = res.body.next_cursor;
    if (cursor === null) return trials;
  }
  throw new Error('more than 100 pages of trials');
}

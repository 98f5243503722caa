import { call } from '../../helpers/server';
import { createStudy, objective, range } from './api';

/** A CONTINUOUS_SPACE point mapped to the unit square. */
function unit(params: Record<string, unknown>): [number, number] {
  return [params.x as number, ((params.y as number) + 5) / 10];
}

/** Smallest Euclidean distance between two different points of the list (Infinity for fewer than two). */
export function closestPair(points: [number, number][]): number {
  let closest = Infinity;
  points.forEach((p, i) => {
    for (const q of points.slice(i + 1)) closest = Math.min(closest, Math.hypot(p[0] - q[0], p[1] - q[1]));
  });
  return closest;
}

/**
 * P6: a GP study warm-started with 8 COMPLETE trials, then `rounds` waves of 8 parallel asks spread
 * over `urls` (no tells: every earlier suggestion stays pending). No two suggestions, and no
 * suggestion and observed point, are closer than 1e-9 in the unit square; all answers are 200.
 */
export async function parallelGpWorkersScenario(urls: string[], name: string, acquisition: string, rounds: number): Promise<void> {
  const url = urls[0] as string;
  const studyId = await createStudy(url, { name, sampler: { type: 'gp', seed: 4, acquisition, n_initial: 4, candidates: 256 } });
  const points: [number, number][] = [];
  for (const i of range(8)) {
    const params = { x: ((i * 5) % 8) / 8 + 0.01, y: ((i * 3) % 8) - 4 };
    const added = await call(url, 'POST', `/api/v1/studies/${studyId}/trials`, { params, value: objective(params) });
    expect(added.status).toBe(201);
    points.push(unit(params));
  }
  for (const wave of range(rounds)) {
    const answers = await Promise.all(range(8).map((w) => call(urls[w % urls.length] as string, 'POST', `/api/v1/studies/${studyId}/ask`, { client_id: `gp-${wave}-${w}` })));
    expect(answers.map((a) => a.status)).toEqual(range(8).map(() => 200));
    for (const a of answers) points.push(unit(a.body.trials[0].params));
  }
  expect(points).toHaveLength(8 + 8 * rounds);
  expect(closestPair(points)).toBeGreaterThan(1e-9);
}

/** Histories a GP must survive without a 500 (P5, P7): each a list of [x, y, value] COMPLETE trials. */
export const HOSTILE_HISTORIES: Record<string, [number, number, number][]> = {
  'one trial': [[0.5, 0, 1]],
  'duplicate points': range(12).map(() => [0.25, 1, 3]),
  'duplicate points, different values': range(12).map((i) => [0.25, 1, i % 2 === 0 ? 0 : 1e6]),
  'constant values': range(12).map((i) => [i / 12, (i % 10) - 4.5, 7]),
  'huge values': range(12).map((i) => [i / 12, 0, i % 3 === 0 ? 1e300 : -1e300 * (i % 2)]),
  'tiny spread': range(12).map((i) => [0.5 + i * 1e-12, 0, 1 + i * 1e-15]),
  'boundary points': range(12).map((i) => [i % 2, i % 3 === 0 ? -5 : 5, i]),
};

/** Warm-starts a GP study with `history` and asks 4 trials twice: every answer is 200. */
export async function hostileHistoryScenario(url: string, name: string, acquisition: string, history: [number, number, number][]): Promise<void> {
  const studyId = await createStudy(url, { name, sampler: { type: 'gp', seed: 9, acquisition, n_initial: 1, candidates: 128 } });
  for (const [x, y, value] of history) {
    const added = await call(url, 'POST', `/api/v1/studies/${studyId}/trials`, { params: { x, y }, value });
    expect(added.status).toBe(201);
  }
  for (const _ of range(2)) {
    const asked = await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, { count: 4 });
    expect({ name, status: asked.status }).toEqual({ name, status: 200 });
    expect(asked.body.trials).toHaveLength(4);
  }
}


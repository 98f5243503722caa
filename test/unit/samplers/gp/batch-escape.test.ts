import { Rng } from '../../../../src/core/rng';
import { validateSpace } from '../../../../src/core/space';
import type { Params } from '../../../../src/domain/space';
import { BEYOND_DETAIL, gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import type { ObservedTrial, SamplerInput, Suggestion } from '../../../../src/samplers/sampler';

// A wide local dip at (0.25, 0.25) (value -1) and a narrow deeper one at (0.8, 0.75) (-1.3).
const space = validateSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });
const f = (p: Params): number => {
  const [x, y] = [p.x as number, p.y as number];
  return -Math.exp(-((x - 0.25) ** 2 + (y - 0.25) ** 2) / (2 * 0.15 ** 2)) - 1.3 * Math.exp(-((x - 0.8) ** 2 + (y - 0.75) ** 2) / (2 * 0.06 ** 2));
};

/** 8 spread trials, none in the deep dip, then 24 polishing the local one (sd 0.03). */
function polishedHistory(): ObservedTrial[] {
  const spread = [[0.1, 0.9], [0.5, 0.5], [0.9, 0.1], [0.3, 0.6], [0.6, 0.3], [0.05, 0.05], [0.95, 0.95], [0.45, 0.95]];
  const rng = new Rng(5);
  const points = spread.map(([x, y]) => ({ x, y }) as Params);
  for (let i = 0; i < 24; i++) points.push({ x: 0.25 + 0.03 * rng.normal(), y: 0.25 + 0.03 * rng.normal() });
  return points.map((params, number) => ({ number, params, loss: f(params) }));
}

async function askBatch(completed: ObservedTrial[], pending: Params[], count: number, trialCount: number): Promise<Suggestion[]> {
  const input: SamplerInput = { space, completed, pruned: [], pending, count, seed: 3, trialCount, studySeed: 9, budget: { deadlineMs: 30000, now: () => performance.now() } };
  return gpFactory.create(gpFactory.normalize({}, space), space).suggest(input);
}

const fromLocal = (s: Suggestion): number => Math.hypot((s.params.x as number) - 0.25, (s.params.y as number) - 0.25);

describe('basin escape in rounds of many points (batches, many workers)', () => {
  it('the points of odd trial number go beyond a converged basin, whatever the round starts at', async () => {
    const completed = polishedHistory();
    // A round that starts at an even trial count (q = 8 batches always do) with others pending.
    const pending: Params[] = [{ x: 0.26, y: 0.24 }, { x: 0.7, y: 0.2 }];
    const round = await askBatch(completed, pending, 4, completed.length + pending.length);
    const beyond = round.map((s) => s.reason.detail === BEYOND_DETAIL);
    expect(beyond).toEqual([false, true, false, true]);
    for (const s of round.filter((_, k) => beyond[k])) expect(fromLocal(s)).toBeGreaterThan(0.3);
  });

  it('the escape points of one round are spread: each is believed before the next is drawn', async () => {
    const completed = polishedHistory();
    // A q = 8 batch: escapes at k = 1, 3, 5, 7 (the beyond model believes the earlier ones).
    const round = await askBatch(completed, [], 8, completed.length);
    const beyond = round.filter((s) => s.reason.detail === BEYOND_DETAIL);
    expect(beyond.length).toBe(4);
    for (let i = 0; i < beyond.length; i++) {
      for (let j = 0; j < i; j++) {
        const [a, b] = [beyond[i] as Suggestion, beyond[j] as Suggestion];
        expect(Math.hypot((a.params.x as number) - (b.params.x as number), (a.params.y as number) - (b.params.y as number))).toBeGreaterThan(0.05);
      }
    }
  });
});

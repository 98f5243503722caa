import { Rng } from '../../../../src/core/rng';
import { validateSpace } from '../../../../src/core/space';
import type { Params } from '../../../../src/domain/space';
import { gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import type { ObservedTrial, SamplerInput, Suggestion } from '../../../../src/samplers/sampler';

/**
 * The basin-escape fixture shared by its tests: on the unit square, a wide local dip at
 * (0.25, 0.25) (value -1) and a narrow deeper one at (0.8, 0.75) (value -1.3).
 */
export const dipSpace = validateSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });

/** The two-dip function at params {x, y}. */
export function twoDipLoss(p: Params): number {
  const [x, y] = [p.x as number, p.y as number];
  return -Math.exp(-((x - 0.25) ** 2 + (y - 0.25) ** 2) / (2 * 0.15 ** 2)) - 1.3 * Math.exp(-((x - 0.8) ** 2 + (y - 0.75) ** 2) / (2 * 0.06 ** 2));
}

/** 8 spread trials, none in the deep dip, then 24 polishing the local one (sd 0.03). */
export function polishedHistory(): ObservedTrial[] {
  const spread = [[0.1, 0.9], [0.5, 0.5], [0.9, 0.1], [0.3, 0.6], [0.6, 0.3], [0.05, 0.05], [0.95, 0.95], [0.45, 0.95]];
  const rng = new Rng(5);
  const points = spread.map(([x, y]) => ({ x, y }) as Params);
  for (let i = 0; i < 24; i++) points.push({ x: 0.25 + 0.03 * rng.normal(), y: 0.25 + 0.03 * rng.normal() });
  return points.map((params, number) => ({ number, params, loss: twoDipLoss(params) }));
}

/** `count` suggestions of a default gp sampler (seed 3, study seed 9) on the history, as a round starting at `trialCount`. */
export function askRound(completed: ObservedTrial[], pending: Params[], count: number, trialCount: number): Promise<Suggestion[]> {
  const input: SamplerInput = { space: dipSpace, completed, pruned: [], pending, count, seed: 3, trialCount, studySeed: 9, budget: { deadlineMs: 30000, now: () => performance.now() } };
  return gpFactory.create(gpFactory.normalize({}, dipSpace), dipSpace).suggest(input);
}

/** Distance of a suggestion from the local dip's centre (0.25, 0.25). */
export function fromLocalDip(s: Suggestion): number {
  return Math.hypot((s.params.x as number) - 0.25, (s.params.y as number) - 0.25);
}

import { Rng } from '../../../../src/core/rng';
import type { Params } from '../../../../src/domain/space';
import { lossPlan } from '../../../../src/samplers/gp/loss-plan';
import { normalizeGpOptions } from '../../../../src/samplers/gp/options';
import type { SamplerInput } from '../../../../src/samplers/sampler';
import { dipSpace, polishedHistory } from './polished-dip';

/**
 * The model beyond a converged basin (SearchPlan.beyond) believes the points the round has already
 * chosen, so the escape points of one round do not pile up: its acquisition at a believed point is
 * nil (log EI far below its value there before the point was chosen). See loss-plan.ts.
 */
describe('the model beyond a converged basin', () => {
  it('believes the round’s chosen points', () => {
    const completed = polishedHistory();
    const input: SamplerInput = { space: dipSpace, completed, pruned: [], pending: [], count: 2, seed: 3, trialCount: completed.length, studySeed: 9, budget: { deadlineMs: 30000, now: () => performance.now() } };
    const options = normalizeGpOptions({}, dipSpace);
    const settings = { maxTrain: options.max_train, noisy: options.noisy };
    const best = completed.reduce((a, b) => (b.loss < a.loss ? b : a));
    const escapeAt = (chosen: Params[]): number => {
      const plan = lossPlan(input, completed, options, settings, 12);
      plan.condition(chosen);
      const top = { unit: plan.encoder.toUnitPoint(best.params), params: best.params, features: plan.encoder.encode(best.params), value: 0 };
      const beyond = plan.beyond?.(top, [], new Rng(1));
      if (!beyond) throw new Error('the polished dip must count as a converged basin');
      return beyond.acquisition.value(plan.encoder.encode(believed));
    };
    // A point beyond the local dip's basin (which takes in most of the flat rest of the square),
    // near the unexplored deep dip: log EI there about -4.7 before it is chosen.
    const believed: Params = { x: 0.9, y: 0.75 };
    const before = escapeAt([]);
    const after = escapeAt([believed]);
    expect(Number.isFinite(before)).toBe(true);
    expect(after).toBeLessThan(before - 5);
  });
});

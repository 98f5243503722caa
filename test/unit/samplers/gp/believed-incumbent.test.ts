import { Rng } from '../../../../src/core/rng';
import { sampleParams, validateSpace } from '../../../../src/core/space';
import type { Params } from '../../../../src/domain/space';
import { gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import { lossPlan } from '../../../../src/samplers/gp/loss-plan';
import { normalizeGpOptions } from '../../../../src/samplers/gp/options';
import { outcomePlan } from '../../../../src/samplers/gp/outcome-plan';
import type { ObservedTrial, SamplerInput } from '../../../../src/samplers/sampler';

const space = validateSpace({ x: { type: 'float', low: -2, high: 2 }, y: { type: 'float', low: -2, high: 2 } });
const bowl = (p: Params): number => ((p.x as number) - 0.5) ** 2 + ((p.y as number) + 0.3) ** 2;

function input(completed: ObservedTrial[], constraintCount = 0): SamplerInput {
  return { space, completed, pruned: [], pending: [], count: 1, seed: 3, trialCount: completed.length, studySeed: 9, budget: { deadlineMs: 30000, now: () => performance.now() }, ...(constraintCount > 0 ? { objectiveCount: 1, constraintCount } : {}) };
}

/** 12 trials of the bowl at seeded random points; with `constrained`, each also carries a slack (x - 1.9 <= 0: all feasible). */
function bowlTrials(seed: number, constrained: boolean): ObservedTrial[] {
  const rng = new Rng(seed);
  return Array.from({ length: 12 }, (_, i) => {
    const params = sampleParams(space, rng);
    const loss = bowl(params);
    return { number: i, params, loss, ...(constrained ? { losses: [loss], constraints: [(params.x as number) - 1.9] } : {}) };
  });
}

describe('gp batches: the believed incumbent', () => {
  it('a point fantasised below the incumbent loses nearly all its expected improvement once believed', async () => {
    for (const seed of [1, 2, 3]) {
      const completed = bowlTrials(seed, false);
      const options = normalizeGpOptions({}, space);
      const [first] = await gpFactory.create({ ...options }, space).suggest(input(completed));
      const plan = lossPlan(input(completed), completed, options, { maxTrain: options.max_train }, 12);
      const x = plan.encoder.encode(first!.params);
      const before = plan.acquisition(new Rng(1)).acquisition.value(x);
      plan.condition([first!.params]);
      const after = plan.acquisition(new Rng(1)).acquisition.value(x);
      // log EI: believed at its mean, the point offers (almost) no improvement on itself.
      expect(before - after).toBeGreaterThan(3);
    }
  });

  it('the same holds on a constrained study (outcome plan), for a point believed feasible', async () => {
    for (const seed of [1, 2, 3]) {
      const completed = bowlTrials(seed, true);
      const options = normalizeGpOptions({}, space);
      const [first] = await gpFactory.create({ ...options }, space).suggest(input(completed, 1));
      const plan = outcomePlan(input(completed, 1), options, { maxTrain: options.max_train }, 12);
      const x = plan.encoder.encode(first!.params);
      const before = plan.acquisition(new Rng(1)).acquisition.value(x);
      plan.condition([first!.params]);
      const after = plan.acquisition(new Rng(1)).acquisition.value(x);
      expect(before - after).toBeGreaterThan(3);
    }
  });
});

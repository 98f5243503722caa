import { FeatureEncoder } from '../../../../src/core/gp/encoding';
import { Rng } from '../../../../src/core/rng';
import { validateSpace } from '../../../../src/core/space';
import type { Params } from '../../../../src/domain/space';
import type { ObservedTrial } from '../../../../src/samplers/sampler';
import { boundarySites } from '../../../../src/samplers/gp/boundary-slopes';
import { gpFactory } from '../../../../src/samplers/gp/gp-sampler';

const CUBE = validateSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 }, c: { type: 'float', low: 0, high: 1 } });

/** Ten trials inside [0.2, 0.8]^3 that all tie at 1.0 but one (1.3): a plateau, seen from inside. */
function plateauHistory(seed: number): ObservedTrial[] {
  const rng = new Rng(seed);
  return Array.from({ length: 10 }, (_, i) => ({ number: i, params: { a: 0.2 + 0.6 * rng.next(), b: 0.2 + 0.6 * rng.next(), c: 0.2 + 0.6 * rng.next() }, loss: i === 3 ? 1.3 : 1.0 }));
}

async function suggestOn(completed: ObservedTrial[], seed: number): Promise<Params> {
  const sampler = gpFactory.create(gpFactory.normalize({}, CUBE), CUBE);
  const [s] = await sampler.suggest({
    space: CUBE, completed, pruned: [], failed: [], pending: [], count: 1, trialCount: completed.length,
    seed, studySeed: seed, budget: { deadlineMs: 600000, now: () => performance.now() },
  });
  if (!s) throw new Error('no suggestion');
  return s.params;
}

describe('log EI with virtual slopes at the bounds (issue 10, corners and plateaus)', () => {
  it('puts a site on every bound a point sits on, integers at their end values', () => {
    const space = validateSpace({ lr: { type: 'float', low: 1e-5, high: 1e-1, log: true }, layers: { type: 'int', low: 1, high: 6 }, act: { type: 'categorical', choices: ['relu', 'tanh'] } });
    const encoder = new FeatureEncoder(space);
    const params = { lr: 1e-1, layers: 1, act: 'tanh' };
    const sites = boundarySites(encoder, params, encoder.encode(params));
    expect(sites.map((s) => [s.feature, s.outward])).toEqual([[0, 1], [1, -1]]);
    expect(sites[0]?.point[0]).toBe(1);
    expect(boundarySites(encoder, { lr: 1e-3, layers: 3, act: 'relu' }, encoder.encode({ lr: 1e-3, layers: 3, act: 'relu' }))).toEqual([]);
  });

  // NOTE: on a flat fit EI near the data is nil and the plain GP's largest variance is on the faces
  // and corners of the box: without the sites 9 of these 12 suggestions touched a bound (3 on two
  // or more), with them none.
  it('explores a plateau from inside instead of sending the next trial to a face or corner', async () => {
    let onBound = 0;
    for (let seed = 0; seed < 12; seed++) {
      const p = await suggestOn(plateauHistory(seed), seed);
      if ([p.a, p.b, p.c].some((v) => (v as number) <= 0.01 || (v as number) >= 0.99)) onBound++;
    }
    expect(onBound).toBeLessThanOrEqual(2);
  }, 120000);
});

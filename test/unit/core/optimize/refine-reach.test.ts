import type { Acquisition } from '../../../../src/core/acquisition/acquisition';
import { FeatureEncoder } from '../../../../src/core/gp/encoding';
import { optimizeAcquisition, type AcquisitionSearch } from '../../../../src/core/optimize/optimize-acquisition';
import { Rng } from '../../../../src/core/rng';
import { validateSpace } from '../../../../src/core/space';

/** An acquisition rising along every feature: sum of the features (features = unit points here). */
const rising: Acquisition = {
  value(x: Float64Array, grad?: Float64Array): number {
    grad?.fill(1);
    return x.reduce((s, v) => s + v, 0);
  },
  values(points: Float64Array[]): Float64Array {
    return Float64Array.from(points, (x) => x.reduce((s, v) => s + v, 0));
  },
};

const d = 8;
const space = validateSpace(Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float' as const, low: 0, high: 1 }])));
const encoder = new FeatureEncoder(space);
const start = new Float64Array(d).fill(0.5);

/** The best point of a search whose only candidate and local-search start is `start`. */
function refined(extra: Partial<AcquisitionSearch>): Float64Array {
  const search: AcquisitionSearch = { sobolCandidates: 0, incumbents: [start], perturbationsPerIncumbent: 0, localStarts: 1, maxIterations: 50, ...extra };
  return (optimizeAcquisition(encoder, rising, new Rng(3), search)[0] as { features: Float64Array }).features;
}

describe('the reach of a refinement', () => {
  it('moves each of the m features it refines by at most reach * lengthscale / m, and across the range without a reach', () => {
    expect(Array.from(refined({}))).toEqual(new Array(d).fill(1));
    const lengthscales = Float64Array.from({ length: d }, (_, f) => 0.2 + 0.05 * f);
    const x = refined({ refineReach: { lengthscales, reach: 1 } });
    x.forEach((v, f) => expect(v).toBeCloseTo(0.5 + (lengthscales[f] as number) / d, 12));
  });
});

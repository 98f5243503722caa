import type { Acquisition } from '../../../../src/core/acquisition/acquisition';
import { FeatureEncoder } from '../../../../src/core/gp/encoding';
import { optimizeAcquisition, type AcquisitionSearch } from '../../../../src/core/optimize/optimize-acquisition';
import { Rng } from '../../../../src/core/rng';
import { validateSpace } from '../../../../src/core/space';

/** A flat acquisition that keeps every point it scores (the candidate set; features = unit points here, no categoricals). */
class Recording implements Acquisition {
  readonly seen: Float64Array[] = [];
  value(x: Float64Array, grad?: Float64Array): number {
    grad?.fill(0);
    this.seen.push(Float64Array.from(x));
    return 0;
  }
  values(points: Float64Array[]): Float64Array {
    for (const x of points) this.seen.push(Float64Array.from(x));
    return new Float64Array(points.length);
  }
}

const space = validateSpace({
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i}`, { type: 'float' as const, low: 0, high: 1 }])),
  k: { type: 'int', low: 0, high: 100 },
});
const encoder = new FeatureEncoder(space);
const incumbent = encoder.toUnitPoint({ ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i}`, 0.5])), k: 50 });

function candidates(extra: Partial<AcquisitionSearch>): Float64Array[] {
  const acquisition = new Recording();
  const search: AcquisitionSearch = { sobolCandidates: 0, incumbents: [incumbent], perturbationsPerIncumbent: 400, localStarts: 0, maxIterations: 10, perturbationSds: [0.05], ...extra };
  optimizeAcquisition(encoder, acquisition, new Rng(7), search);
  return acquisition.seen.slice(1);
}

const floatOffsets = Array.from({ length: 8 }, (_, i) => encoder.params.find((p) => p.name === `x${i}`)?.offset as number);
const moved = (x: Float64Array): number => floatOffsets.filter((o) => x[o] !== incumbent[o]).length;

describe('incumbent perturbations of the acquisition search', () => {
  it('move about `coordinatesMoved` of the continuous parameters, and all of them by default', () => {
    const subset = candidates({ coordinatesMoved: 2 }).map(moved);
    const mean = subset.reduce((s, v) => s + v, 0) / subset.length;
    expect(mean).toBeGreaterThan(1.6);
    expect(mean).toBeLessThan(2.5);
    expect(candidates({}).every((x) => moved(x) === 8)).toBe(true);
  });
});

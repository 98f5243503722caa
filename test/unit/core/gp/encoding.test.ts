import fc from 'fast-check';
import { FeatureEncoder } from '../../../../src/core/gp/encoding';
import { Rng } from '../../../../src/core/rng';
import { decodeUnitPoint, sampleParams, validateSpace } from '../../../../src/core/space';
import type { ParamSpec, SearchSpace } from '../../../../src/domain/space';

const specArb: fc.Arbitrary<ParamSpec> = fc.oneof(
  fc.record({ low: fc.double({ min: -100, max: 100, noNaN: true }), width: fc.double({ min: 0.01, max: 100, noNaN: true }) }).map(({ low, width }) => ({ type: 'float' as const, low, high: low + width })),
  fc.record({ low: fc.double({ min: 1e-5, max: 10, noNaN: true }), factor: fc.double({ min: 1.5, max: 1e4, noNaN: true }) }).map(({ low, factor }) => ({ type: 'float' as const, low, high: low * factor, log: true })),
  fc.record({ low: fc.integer({ min: -50, max: 50 }), width: fc.integer({ min: 0, max: 100 }) }).map(({ low, width }) => ({ type: 'int' as const, low, high: low + width })),
  fc.integer({ min: 1, max: 6 }).map((k) => ({ type: 'categorical' as const, choices: Array.from({ length: k }, (_, i) => `c${i}`) })),
);

/** Random spaces of up to 6 parameters; some are conditional on an earlier categorical. */
const spaceArb: fc.Arbitrary<SearchSpace> = fc.array(fc.tuple(specArb, fc.boolean()), { minLength: 1, maxLength: 6 }).map((entries) => {
  const space: SearchSpace = {};
  let lastCategorical: string | undefined;
  entries.forEach(([spec, conditional], i) => {
    const name = `p${i}`;
    const withCond = conditional && lastCategorical ? { ...spec, condition: { parent: lastCategorical, values: ['c0'] } } : spec;
    space[name] = withCond;
    if (spec.type === 'categorical') lastCategorical = name;
  });
  return validateSpace(space);
});

describe('FeatureEncoder', () => {
  it('round-trips params through unit points, with features in [0, 1]', () => {
    fc.assert(
      fc.property(spaceArb, fc.integer(), (space, seed) => {
        const encoder = new FeatureEncoder(space);
        const params = sampleParams(space, new Rng(seed));
        const unit = encoder.toUnitPoint(params);
        const decoded = decodeUnitPoint(space, unit);
        expect(Object.keys(decoded)).toEqual(Object.keys(params));
        for (const [name, value] of Object.entries(params)) {
          if (typeof value === 'number' && space[name]?.type === 'float') expect(Math.abs((decoded[name] as number) - value)).toBeLessThan(1e-9 * (1 + Math.abs(value)));
          else expect(decoded[name]).toBe(value);
        }
        const features = encoder.encode(params);
        expect(features).toHaveLength(encoder.dim);
        for (const f of features) expect(f >= 0 && f <= 1).toBe(true);
        encoder.encodeUnit(unit).forEach((f, i) => expect(Math.abs(f - (features[i] as number))).toBeLessThan(1e-9));
      }),
      { numRuns: 200 },
    );
  });

  it('decodes unit points exactly like decodeUnitPoint', () => {
    fc.assert(
      fc.property(spaceArb, fc.integer(), (space, seed) => {
        const encoder = new FeatureEncoder(space);
        const rng = new Rng(seed);
        const unit = Float64Array.from(encoder.order, () => rng.next());
        expect(encoder.decode(unit)).toEqual(decodeUnitPoint(space, unit));
      }),
      { numRuns: 100 },
    );
  });

  it('one-hot encodes categoricals (never ordinal) with one length-scale group', () => {
    const space = validateSpace({ c: { type: 'categorical', choices: ['a', 'b', 'c'] } });
    const enc = new FeatureEncoder(space);
    expect(Array.from(enc.encode({ c: 'b' }))).toEqual([0, 1, 0]);
    expect(enc.groups).toBe(1);
    const dist = (x: string, y: string): number => enc.encode({ c: x }).reduce((s, v, i) => s + (v - (enc.encode({ c: y })[i] as number)) ** 2, 0);
    expect(dist('a', 'b')).toBe(dist('a', 'c'));
  });

  it('gives inactive conditional parameters an imputed value and a zero indicator', () => {
    const space = validateSpace({
      opt: { type: 'categorical', choices: ['sgd', 'adam'] },
      momentum: { type: 'float', low: 0, high: 1, condition: { parent: 'opt', values: ['sgd'] } },
    });
    const enc = new FeatureEncoder(space);
    expect(enc.dim).toBe(4);
    expect(enc.groups).toBe(3);
    expect(Array.from(enc.encode({ opt: 'adam' }))).toEqual([0, 1, 0.5, 0]);
    expect(Array.from(enc.encode({ opt: 'sgd', momentum: 0.25 }))).toEqual([1, 0, 0.25, 1]);
  });

  it('maps integers to their cell centres so they stay integers', () => {
    const space = validateSpace({ k: { type: 'int', low: 0, high: 3 } });
    const enc = new FeatureEncoder(space);
    expect(Array.from([0, 1, 2, 3].map((k) => enc.encode({ k })[0]))).toEqual([0.125, 0.375, 0.625, 0.875]);
  });
});

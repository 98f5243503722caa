import fc from 'fast-check';
import { Rng } from '../../../../src/core/rng';
import {
  activeNames,
  cardinality,
  decodeUnitPoint,
  encodeUnitPoint,
  fromUnit,
  parameterOrder,
  sampleParams,
  toUnit,
  validateParams,
  validateSpace,
} from '../../../../src/core/space';
import type { ParamSpec, SearchSpace } from '../../../../src/domain/space';

/** Random valid parameter specs: floats (log, stepped), ints (log, stepped) and categoricals. */
const specArb: fc.Arbitrary<ParamSpec> = fc.oneof(
  fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true })).map(([low, w]) => ({ type: 'float' as const, low, high: low + w })),
  fc.tuple(fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.double({ min: 1.5, max: 1e4, noNaN: true })).map(([low, f]) => ({ type: 'float' as const, low, high: low * f, log: true })),
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.01, max: 2, noNaN: true })).map(([k, n, step]) => ({ type: 'float' as const, low: k * step, high: (k + n) * step, step })),
  fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 200 })).map(([low, w]) => ({ type: 'int' as const, low, high: low + w })),
  fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1000 })).map(([low, w]) => ({ type: 'int' as const, low, high: low + w, log: true })),
  fc.tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 5 })).map(([low, n, step]) => ({ type: 'int' as const, low, high: low + n * step, step })),
  fc.uniqueArray(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), { minLength: 1, maxLength: 6, selector: (v) => `${typeof v}:${String(v)}` }).map((choices) => ({ type: 'categorical' as const, choices })),
);

describe('fromUnit / toUnit', () => {
  it('decodes any unit value into a valid value of the spec, and round-trips values', () => {
    fc.assert(
      fc.property(specArb, fc.double({ min: 0, max: 1, noNaN: true }), (raw, u) => {
        const spec = (validateSpace({ p: raw }).p) as ParamSpec;
        const value = fromUnit(spec, u);
        expect(() => validateParams({ p: spec }, { p: value })).not.toThrow();
        const again = fromUnit(spec, toUnit(spec, value));
        if (cardinality(spec) === Infinity) expect(Math.abs((again as number) - (value as number))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value as number)));
        else expect(again).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('maps the ends of the unit interval exactly onto the bounds of a continuous float range', () => {
    fc.assert(
      fc.property(specArb.filter((s) => s.type === 'float' && s.step === undefined), (raw) => {
        const spec = (validateSpace({ p: raw }).p) as ParamSpec & { low: number; high: number };
        expect(fromUnit(spec, 0)).toBe(spec.low);
        expect(fromUnit(spec, 1)).toBe(spec.high);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives each integer and each choice an equal share of the unit interval', () => {
    const spec: ParamSpec = { type: 'int', low: 1, high: 4 };
    const counts = new Map<unknown, number>();
    for (let i = 0; i < 400; i++) {
      const v = fromUnit(spec, (i + 0.5) / 400);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([100, 100, 100, 100]);
  });

  it('maps log parameters log-uniformly and snaps stepped floats without float noise', () => {
    expect(fromUnit({ type: 'float', low: 1e-4, high: 1, log: true }, 0.5)).toBeCloseTo(1e-2, 12);
    expect(fromUnit({ type: 'float', low: 0, high: 1, step: 0.1 }, 0.35)).toBe(0.3);
  });
});

describe('conditional spaces', () => {
  const space: SearchSpace = validateSpace({
    units_3: { type: 'int', low: 8, high: 64, condition: { parent: 'n_layers', values: [3] } },
    n_layers: { type: 'int', low: 1, high: 3 },
    units_2: { type: 'int', low: 8, high: 64, condition: { parent: 'n_layers', values: [2, 3] } },
    optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
    momentum: { type: 'float', low: 0, high: 0.99, condition: { parent: 'optimizer', values: ['sgd'] } },
    nesterov: { type: 'categorical', choices: [true, false], condition: { parent: 'momentum', values: [0, 0.5] } },
  });

  it('orders parents before children', () => {
    const order = parameterOrder(space);
    expect(order.indexOf('n_layers')).toBeLessThan(order.indexOf('units_3'));
    expect(order.indexOf('optimizer')).toBeLessThan(order.indexOf('momentum'));
  });

  it('samples exactly the active parameters, and they validate', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 300; i++) {
      const params = sampleParams(space, rng);
      expect(Object.keys(params).sort()).toEqual(activeNames(space, params).sort());
      expect('units_3' in params).toBe(params.n_layers === 3);
      expect('units_2' in params).toBe((params.n_layers as number) >= 2);
      expect('momentum' in params).toBe(params.optimizer === 'sgd');
      expect(validateParams(space, params)).toEqual(params);
    }
  });

  it('encodes inactive parameters as NaN and decodes back to the same params', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 100; i++) {
      const params = sampleParams(space, rng);
      const unit = encodeUnitPoint(space, params);
      parameterOrder(space).forEach((name, d) => expect(Number.isNaN(unit[d])).toBe(!(name in params)));
      expect(decodeUnitPoint(space, Array.from(unit, (u) => (Number.isNaN(u) ? 0.5 : u)))).toEqual(params);
    }
  });

  it('rejects params that carry an inactive parameter', () => {
    expect(() => validateParams(space, { n_layers: 1, units_2: 16, optimizer: 'adam' })).toThrow(/inactive/);
  });
});

describe('validateSpace', () => {
  it.each([
    [{ x: { type: 'int', low: 0, high: 10, log: true } }, 'space.x.low'],
    [{ x: { type: 'float', low: 1, high: 1 } }, 'space.x.low'],
    [{ x: { type: 'float', low: 1, high: 2, log: true, step: 0.5 } }, 'space.x.step'],
    [{ x: { type: 'int', low: 0, high: 10, step: 3 } }, 'space.x.step'],
    [{ x: { type: 'float', low: 0, high: Infinity } }, 'space.x.high'],
    [{ p: { type: 'int', low: 0, high: 2 }, x: { type: 'float', low: 0, high: 1, condition: { parent: 'p', values: [5] } } }, 'space.x.condition.values'],
    [{ x: { type: 'float', low: 0, high: 1, condition: { parent: 'x', values: [0] } } }, 'space.x.condition.parent'],
  ])('names the field of %j', (space, field) => {
    expect(() => validateSpace(space as SearchSpace)).toThrow(expect.objectContaining({ code: 'invalid_space', field }));
  });

  it('accepts an int with low == high (a constant) but not a float', () => {
    expect(validateSpace({ x: { type: 'int', low: 3, high: 3 } })).toEqual({ x: { type: 'int', low: 3, high: 3 } });
  });
});

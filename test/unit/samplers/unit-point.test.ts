import fc from 'fast-check';
import { Rng } from '../../../src/core/rng';
import { fromUnit, toUnit } from '../../../src/core/space';
import type { ParamSpec } from '../../../src/domain/space';
import { perturbCoordinate, reflectIntoUnit } from '../../../src/samplers/common/unit-point';

describe('unit-cube moves shared by local search and the genetic mutation', () => {
  it('reflection folds any finite number into [0, 1] and keeps points inside unchanged', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
      const r = reflectIntoUnit(x);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(1);
    }));
    expect(reflectIntoUnit(0.3)).toBe(0.3);
    expect(reflectIntoUnit(1.25)).toBeCloseTo(0.75);
    expect(reflectIntoUnit(-0.25)).toBeCloseTo(0.25);
  });

  it('a tiny step still moves an int by exactly one, a categorical to another choice', () => {
    const rng = new Rng(3);
    const int: ParamSpec = { type: 'int', low: 1, high: 5 };
    const logInt: ParamSpec = { type: 'int', low: 1, high: 1000, log: true };
    const cat: ParamSpec = { type: 'categorical', choices: ['a', 'b', 'c'] };
    for (let i = 0; i < 100; i++) {
      for (const [spec, value] of [[int, 1], [int, 5], [int, 3], [logInt, 40]] as const) {
        const moved = fromUnit(spec, perturbCoordinate(spec, toUnit(spec, value), 1e-6, rng)) as number;
        expect(Math.abs(moved - value)).toBe(1);
      }
      expect(fromUnit(cat, perturbCoordinate(cat, toUnit(cat, 'b'), 1e-6, rng))).not.toBe('b');
    }
  });
});

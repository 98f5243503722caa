import fc from 'fast-check';
import { FeatureEncoder } from '../../../../src/core/gp/encoding';
import { Rng } from '../../../../src/core/rng';
import { decodeUnitPoint, encodeUnitPoint, parameterOrder, sampleParams, validateSpace } from '../../../../src/core/space';
import type { SearchSpace } from '../../../../src/domain/space';

/**
 * The unit-cube encoders (encodeUnitPoint, used by the genetic sampler, local search and the ask's
 * duplicate check; FeatureEncoder.toUnitPoint of the GP) share one rule for inactive parameters:
 * active coordinates are toUnit of the value, an inactive parameter's coordinate is the caller's
 * fill (NaN by default, 0.5 for the GP, a uniform draw for local search), and decoding any of them
 * gives back exactly the params.
 */
const space: SearchSpace = validateSpace({
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
  momentum: { type: 'float', low: 0, high: 0.99, condition: { parent: 'optimizer', values: ['sgd'] } },
  nesterov: { type: 'categorical', choices: [true, false], condition: { parent: 'optimizer', values: ['sgd'] } },
  beta1: { type: 'float', low: 0.5, high: 0.999, condition: { parent: 'optimizer', values: ['adam'] } },
  layers: { type: 'int', low: 1, high: 3 },
  width_3: { type: 'int', low: 8, high: 512, log: true, condition: { parent: 'layers', values: [3] } },
  lr: { type: 'float', low: 1e-5, high: 1, log: true },
});

describe('one rule for inactive parameters across the unit-cube encoders', () => {
  const order = parameterOrder(space);
  const gp = new FeatureEncoder(space);

  it('agree on every active coordinate, differ only by the stated fill, and decode back to the params', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
      const params = sampleParams(space, new Rng(seed));
      const byDefault = encodeUnitPoint(space, params);
      const centred = encodeUnitPoint(space, params, () => 0.5);
      const fillRng = new Rng(seed + 1);
      const drawn = encodeUnitPoint(space, params, () => fillRng.next());
      expect(Array.from(gp.toUnitPoint(params))).toEqual(Array.from(centred));
      order.forEach((name, i) => {
        if (params[name] === undefined) {
          expect(byDefault[i]).toBeNaN();
          expect(centred[i]).toBe(0.5);
          expect(drawn[i]).toBeGreaterThanOrEqual(0);
          expect(drawn[i]).toBeLessThan(1);
        } else {
          expect(centred[i]).toBe(byDefault[i]);
          expect(drawn[i]).toBe(byDefault[i]);
        }
      });
      for (const unit of [byDefault, centred, drawn]) {
        expect(decodeUnitPoint(space, unit)).toEqual(params);
        expect(gp.decode(unit)).toEqual(params);
      }
    }), { numRuns: 200 });
  });

  it('draws the fill of inactive coordinates in parameter order, one call each', () => {
    const params = { optimizer: 'adam', beta1: 0.9, layers: 1, lr: 0.01 };
    const asked: number[] = [];
    encodeUnitPoint(space, params, (i) => (asked.push(i), 0.25));
    expect(asked.map((i) => order[i]).sort()).toEqual(['momentum', 'nesterov', 'width_3']);
    expect(asked).toEqual([...asked].sort((a, b) => a - b));
  });
});

import fc from 'fast-check';
import { SeenPoints } from '../../../src/samplers/common/seen-points';
import type { Params } from '../../../src/domain/space';

describe('SeenPoints', () => {
  it('matches exactly the recorded configurations, whatever the key order', () => {
    const seen = new SeenPoints();
    seen.add({ a: 1, b: 'x', c: true });
    expect(seen.has({ c: true, b: 'x', a: 1 })).toBe(true);
    expect(seen.has({ a: 1, b: 'x' })).toBe(false);
    expect(seen.has({ a: 1, b: 'x', c: true, d: 0 })).toBe(false);
    expect(seen.has({ a: '1', b: 'x', c: true })).toBe(false);
    expect(seen.has({ a: 1, b: 'x', c: 'true' })).toBe(false);
    expect(seen.has({ a: 1 + 1e-15, b: 'x', c: true })).toBe(false);
    seen.add({ z: -0 });
    expect(seen.has({ z: 0 })).toBe(true);
  });

  it('starts from the complete, pruned, failed and pending configurations of an input', () => {
    const seen = SeenPoints.fromInput({ completed: [{ number: 0, params: { a: 1 }, loss: 0 }], pruned: [{ number: 1, params: { a: 2 }, loss: null }], failed: [{ number: 2, params: { a: 3 } }], pending: [{ a: 4 }] });
    expect([1, 2, 3, 4, 5].map((a) => seen.has({ a }))).toEqual([true, true, true, true, false]);
  });

  it('agrees with a string-key set on random configurations', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '1'), fc.boolean());
    const config = fc.dictionary(fc.constantFrom('p', 'q', 'r'), value) as fc.Arbitrary<Params>;
    fc.assert(
      fc.property(fc.array(config, { maxLength: 30 }), fc.array(config, { maxLength: 30 }), (added, probes) => {
        const seen = new SeenPoints();
        const keys = new Set<string>();
        const key = (p: Params): string => JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
        for (const p of added) {
          seen.add(p);
          keys.add(key(p));
        }
        for (const p of probes) expect(seen.has(p)).toBe(keys.has(key(p)));
      }),
    );
  });
});

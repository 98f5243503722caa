import { addScaled, entriesKey, sameEntries } from '../../../../src/core/linalg/vectors';

describe('vectors', () => {
  it('addScaled adds a scaled slice into a slice, and subtracting is adding the negated scale', () => {
    const out = Float64Array.from([1, 2, 3, 4]);
    addScaled(2, Float64Array.from([9, 10, 20, 9]), 1, out, 1, 2);
    expect(Array.from(out)).toEqual([1, 22, 43, 4]);
    const a = Float64Array.from([0.1, 0.7]);
    const b = Float64Array.from(a);
    const q = Float64Array.from([0.3, 1 / 3]);
    addScaled(-0.37, q, 0, a);
    for (let j = 0; j < b.length; j++) b[j] = (b[j] as number) - 0.37 * (q[j] as number);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('sameEntries compares all entries by default (lengths too) or the first count', () => {
    expect(sameEntries(Float64Array.from([1, 2]), Float64Array.from([1, 2]))).toBe(true);
    expect(sameEntries(Float64Array.from([1, 2]), Float64Array.from([1, 2, 3]))).toBe(false);
    expect(sameEntries(Float64Array.from([1, 2, 5]), Float64Array.from([1, 2, 3]), 2)).toBe(true);
    expect(sameEntries(Float64Array.from([1, 2]), Float64Array.from([1, 3]))).toBe(false);
  });

  it('entriesKey is equal exactly for vectors of the same bits (a view keys its own entries)', () => {
    const row = Float64Array.from([9, 0.1, 1 / 3, 9]);
    expect(entriesKey(row.subarray(1, 3))).toBe(entriesKey(Float64Array.from([0.1, 1 / 3])));
    expect(entriesKey(Float64Array.from([0.1, 1 / 3]))).not.toBe(entriesKey(Float64Array.from([0.1, 1 / 3 + 2 ** -54])));
    expect(entriesKey(Float64Array.from([0.1]))).not.toBe(entriesKey(Float64Array.from([0.1, 0])));
    expect(entriesKey(Float64Array.from([0]))).not.toBe(entriesKey(Float64Array.from([-0])));
  });
});

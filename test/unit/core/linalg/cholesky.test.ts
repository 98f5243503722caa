import fc from 'fast-check';
import { choleskyInverse, choleskySolve, jitteredCholesky, logDeterminant } from '../../../../src/core/linalg/cholesky';

/** A random SPD matrix B B^T + eps I from a flat list of entries. */
function spd(n: number, entries: number[]): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (entries[i * n + k] as number) * (entries[j * n + k] as number);
      a[i * n + j] = s + (i === j ? 1e-3 : 0);
    }
  }
  return a;
}

describe('jitteredCholesky', () => {
  it('reconstructs random SPD matrices, solves and inverts them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }))), ([n, entries]) => {
        const a = spd(n, entries);
        const { L, jitter } = jitteredCholesky(Float64Array.from(a), n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += (L[i * n + k] as number) * (L[j * n + k] as number);
            const expected = (a[i * n + j] as number) + (i === j ? jitter : 0);
            expect(Math.abs(s - expected)).toBeLessThan(1e-8 * (1 + Math.abs(expected)));
          }
        }
        const b = Float64Array.from({ length: n }, (_, i) => i - 1.5);
        const x = choleskySolve(L, n, b);
        const inv = choleskyInverse(L, n);
        for (let i = 0; i < n; i++) {
          let ax = 0;
          let invb = 0;
          for (let k = 0; k < n; k++) {
            ax += ((a[i * n + k] as number) + (i === k ? jitter : 0)) * (x[k] as number);
            invb += (inv[i * n + k] as number) * (b[k] as number);
          }
          expect(ax).toBeCloseTo(b[i] as number, 5);
          expect(invb).toBeCloseTo(x[i] as number, 5);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('factors singular matrices (duplicate rows) by adding jitter, and rejects non-finite ones', () => {
    const ones = new Float64Array(16).fill(1);
    const f = jitteredCholesky(ones, 4);
    expect(f.jitter).toBeGreaterThan(0);
    expect(f.jitter).toBeLessThan(1e-3);
    expect(() => jitteredCholesky(Float64Array.from([NaN, 0, 0, 1]), 2)).toThrow(RangeError);
  });

  it('extending the factor of a leading block gives exactly the full factorisation', () => {
    const entries = Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.7));
    const a = spd(6, entries);
    const lead = new Float64Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) lead[i * 4 + j] = a[i * 6 + j] as number;
    const partial = jitteredCholesky(lead, 4);
    const extended = jitteredCholesky(Float64Array.from(a), 6, partial);
    const full = jitteredCholesky(Float64Array.from(a), 6);
    expect(Array.from(extended.L)).toEqual(Array.from(full.L));
  });

  it('log determinant of diag(2, 3) is log 6', () => {
    const f = jitteredCholesky(Float64Array.from([2, 0, 0, 3]), 2);
    expect(logDeterminant(f.L, 2)).toBeCloseTo(Math.log(6), 12);
  });
});

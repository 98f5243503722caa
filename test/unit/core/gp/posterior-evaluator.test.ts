import fc from 'fast-check';
import { PosteriorEvaluator } from '../../../../src/core/gp/posterior-evaluator';
import { backSolveInPlace, forwardSolve, forwardSolveBlock } from '../../../../src/core/linalg/triangular-blocks';
import { GaussianProcess } from '../../../../src/core/gp/gaussian-process';
import { jitteredCholesky, solveLower, solveLowerTransposed } from '../../../../src/core/linalg/cholesky';
import { Rng } from '../../../../src/core/rng';
import { matern52, matern52SquaredDistanceDerivative, weightedSquaredDistance } from '../../../../src/core/kernels/matern52';

/** A GP on n random points of [0, 1]^d (seeded), noise variance `noise`. */
function randomGp(n: number, d: number, seed: number, noise = 1e-4): GaussianProcess {
  const rng = new Rng(seed);
  const X = Float64Array.from({ length: n * d }, () => rng.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * (X[i * d] as number)) + rng.normal() * 0.1);
  const groupOf = Int32Array.from({ length: d }, (_, f) => f);
  const logLengthscales = Float64Array.from({ length: d }, () => Math.log(0.2 + rng.next()));
  return new GaussianProcess({ X, y, n, d, groupOf }, { logLengthscales, logOutputScale: 0.3, logNoise: Math.log(noise) });
}

/** A lower-triangular factor of a random SPD n x n matrix. */
function randomFactor(n: number, rng: Rng): Float64Array {
  const B = Float64Array.from({ length: n * n }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1e-2 : 0;
      for (let k = 0; k < n; k++) s += (B[i * n + k] as number) * (B[j * n + k] as number);
      A[i * n + j] = s;
    }
  }
  return jitteredCholesky(A, n).L;
}

/** Central finite differences of the posterior mean and variance at x (step h per coordinate). */
function finiteDifferences(gp: GaussianProcess, x: Float64Array, h = 1e-6): { dMean: number[]; dVar: number[] } {
  const dMean: number[] = [];
  const dVar: number[] = [];
  for (let f = 0; f < x.length; f++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[f] = (plus[f] as number) + h;
    minus[f] = (minus[f] as number) - h;
    dMean.push((gp.predict(plus).mean - gp.predict(minus).mean) / (2 * h));
    dVar.push((gp.predict(plus).variance - gp.predict(minus).variance) / (2 * h));
  }
  return { dMean, dVar };
}

describe('PosteriorEvaluator', () => {
  it('gives the GP posterior bit for bit, with gradients matching finite differences, for any training-set size', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 13, 30]) {
      const gp = randomGp(n, 3, n);
      const posterior = new PosteriorEvaluator(gp);
      const rng = new Rng(100 + n);
      const dMean = new Float64Array(3);
      const dVar = new Float64Array(3);
      for (let t = 0; t < 20; t++) {
        const x = Float64Array.from({ length: 3 }, () => 0.05 + 0.9 * rng.next());
        const expected = gp.predict(x);
        posterior.evaluate(x, dMean, dVar);
        expect([posterior.mean, posterior.variance]).toEqual([expected.mean, expected.variance]);
        const fd = finiteDifferences(gp, x);
        fd.dMean.forEach((g, f) => expect(dMean[f]).toBeCloseTo(g, 5));
        fd.dVar.forEach((g, f) => expect(dVar[f]).toBeCloseTo(g, 5));
        posterior.evaluate(x);
        expect([posterior.mean, posterior.variance]).toEqual([expected.mean, expected.variance]);
      }
    }
  });

  it('a gradient after a value at the same point gives the bits of a fresh evaluation with gradients, also when the point changed in place in between', () => {
    const gp = randomGp(13, 3, 4);
    const rng = new Rng(8);
    const posterior = new PosteriorEvaluator(gp);
    const x = new Float64Array(3);
    for (let t = 0; t < 10; t++) {
      const a = Float64Array.from({ length: 3 }, () => rng.next());
      const b = Float64Array.from({ length: 3 }, () => rng.next());
      const expected = { dMean: new Float64Array(3), dVar: new Float64Array(3) };
      const fresh = new PosteriorEvaluator(gp);
      fresh.evaluate(a, expected.dMean, expected.dVar);
      const dMean = new Float64Array(3);
      const dVar = new Float64Array(3);
      x.set(b);
      posterior.evaluate(x);
      x.set(a);
      posterior.evaluate(x);
      posterior.evaluate(x, dMean, dVar);
      expect([posterior.mean, posterior.variance, Array.from(dMean), Array.from(dVar)]).toEqual([fresh.mean, fresh.variance, Array.from(expected.dMean), Array.from(expected.dVar)]);
      x.set(b);
      posterior.evaluate(x, dMean, dVar);
      fresh.evaluate(b, expected.dMean, expected.dVar);
      expect([posterior.mean, posterior.variance, Array.from(dMean), Array.from(dVar)]).toEqual([fresh.mean, fresh.variance, Array.from(expected.dMean), Array.from(expected.dVar)]);
    }
  });

  it('gives the gradients of plain row-by-row sums bit for bit (each feature summed over training rows in order)', () => {
    const gp = randomGp(23, 4, 6);
    const { X, n, d } = gp.data;
    const posterior = new PosteriorEvaluator(gp);
    const rng = new Rng(2);
    const dMean = new Float64Array(d);
    const dVar = new Float64Array(d);
    for (let t = 0; t < 5; t++) {
      const x = Float64Array.from({ length: d }, () => rng.next());
      const r2 = Array.from({ length: n }, (_, i) => weightedSquaredDistance(x, 0, X, i, gp.weights, d));
      const k = r2.map((r) => matern52(r, gp.outputScale));
      const slope = r2.map((r) => matern52SquaredDistanceDerivative(r, gp.outputScale));
      const u = solveLowerTransposed(gp.factor.L, n, solveLower(gp.factor.L, n, k));
      const expectedMean = new Float64Array(d);
      const expectedVar = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        for (let f = 0; f < d; f++) {
          const g = 2 * (gp.weights[f] as number) * ((x[f] as number) - (X[i * d + f] as number));
          expectedMean[f] = (expectedMean[f] as number) + (slope[i] as number) * (gp.alpha[i] as number) * g;
          expectedVar[f] = (expectedVar[f] as number) + -2 * (slope[i] as number) * (u[i] as number) * g;
        }
      }
      posterior.evaluate(x, dMean, dVar);
      expect([Array.from(dMean), Array.from(dVar)]).toEqual([Array.from(expectedMean), Array.from(expectedVar)]);
    }
  });

  it('floors the variance and zeroes its gradient at a noise-free training point', () => {
    const gp = randomGp(9, 2, 3, 1e-14);
    const posterior = new PosteriorEvaluator(gp);
    const x = Float64Array.from(gp.data.X.subarray(0, 2));
    const dMean = new Float64Array(2);
    const dVar = new Float64Array(2).fill(7);
    posterior.evaluate(x, dMean, dVar);
    expect(posterior.variance).toBe(gp.predict(x).variance);
    expect(posterior.variance).toBe(1e-12 * gp.outputScale);
    expect(Array.from(dVar)).toEqual([0, 0]);
    finiteDifferences(gp, x, 1e-7).dMean.forEach((g, f) => expect(dMean[f]).toBeCloseTo(g, 4));
  });

  it('scores a batch of points like one point at a time', () => {
    for (const n of [1, 3, 6, 21]) {
      const gp = randomGp(n, 4, 50 + n);
      const rng = new Rng(n);
      const points = Array.from({ length: 37 }, () => Float64Array.from({ length: 4 }, () => rng.next()));
      const got = new PosteriorEvaluator(gp).batch(points);
      points.forEach((x, j) => {
        const one = gp.predict(x);
        expect(got.mean[j]).toBeCloseTo(one.mean, 12);
        expect(Math.abs((got.variance[j] as number) - one.variance)).toBeLessThanOrEqual(1e-12 * gp.outputScale);
      });
    }
  });
});

describe('triangular blocks', () => {
  it('forward and back solves equal plain substitution bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const rng = new Rng(seed);
        const L = randomFactor(n, rng);
        const b = Float64Array.from({ length: n }, () => rng.normal());
        const v = new Float64Array(n);
        const vv = forwardSolve(L, n, b, v);
        const expected = solveLower(L, n, b);
        expect(Array.from(v)).toEqual(Array.from(expected));
        expect(vv).toBe(expected.reduce((s, x) => s + x * x, 0));
        const u = Float64Array.from(b);
        backSolveInPlace(L, n, u);
        expect(Array.from(u)).toEqual(Array.from(solveLowerTransposed(L, n, b)));
      }),
    );
  });

  it('the block solve gives the bits of plain row-by-row elimination for every size (rows in pairs or one at a time)', () => {
    const rng = new Rng(10);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 30]) {
      const m = 1 + (n % 4);
      const L = randomFactor(n, rng);
      const V = Float64Array.from({ length: n * m }, () => rng.normal());
      const plain = Float64Array.from(V);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          let s = plain[i * m + j] as number;
          for (let k = 0; k < i; k++) s = s - (L[i * n + k] as number) * (plain[k * m + j] as number);
          plain[i * m + j] = s * (1 / (L[i * n + i] as number));
        }
      }
      forwardSolveBlock(L, n, V, m);
      expect(Array.from(V)).toEqual(Array.from(plain));
    }
  });

  it('the block solve matches column-by-column substitution (it divides by the reciprocal, as the batch screening does)', () => {
    const rng = new Rng(9);
    const n = 11;
    const m = 5;
    const L = randomFactor(n, rng);
    const V = Float64Array.from({ length: n * m }, () => rng.normal());
    const columns = Array.from({ length: m }, (_, j) => solveLower(L, n, Float64Array.from({ length: n }, (_, i) => V[i * m + j] as number)));
    forwardSolveBlock(L, n, V, m);
    for (let j = 0; j < m; j++) {
      const column = columns[j] as Float64Array;
      for (let i = 0; i < n; i++) expect(Math.abs((V[i * m + j] as number) - (column[i] as number))).toBeLessThan(1e-12 * (1 + Math.abs(column[i] as number)));
    }
  });
});

import { GaussianProcess } from '../../../../src/core/gp/gaussian-process';

const hyper = (ls: number, s2: number, noise: number) => ({ logLengthscales: Float64Array.from([Math.log(ls)]), logOutputScale: Math.log(s2), logNoise: Math.log(noise) });

describe('GaussianProcess', () => {
  it('matches the closed-form posterior of a one-point GP', () => {
    const gp = new GaussianProcess({ X: Float64Array.from([0]), y: Float64Array.from([2]), n: 1, d: 1, groupOf: Int32Array.from([0]) }, hyper(1, 1.5, 0.01));
    const r = 0.5;
    const k = 1.5 * (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r);
    const p = gp.predict(Float64Array.from([0.5]));
    expect(p.mean).toBeCloseTo((k * 2) / 1.51, 12);
    expect(p.variance).toBeCloseTo(1.5 - (k * k) / 1.51, 12);
  });

  it('matches the 2x2 closed form and honours length scales', () => {
    const X = Float64Array.from([0, 1]);
    const y = Float64Array.from([1, -1]);
    const gp = new GaussianProcess({ X, y, n: 2, d: 1, groupOf: Int32Array.from([0]) }, hyper(0.5, 1, 1e-6));
    const kf = (a: number, b: number): number => {
      const r = Math.abs(a - b) / 0.5;
      return (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r);
    };
    const k01 = kf(0, 1);
    const det = (1 + 1e-6) ** 2 - k01 * k01;
    const inv = [[(1 + 1e-6) / det, -k01 / det], [-k01 / det, (1 + 1e-6) / det]];
    const x = 0.3;
    const kx = [kf(x, 0), kf(x, 1)];
    const alpha = [inv[0]![0]! * 1 + inv[0]![1]! * -1, inv[1]![0]! * 1 + inv[1]![1]! * -1];
    const mean = kx[0]! * alpha[0]! + kx[1]! * alpha[1]!;
    const quad = kx[0]! * (inv[0]![0]! * kx[0]! + inv[0]![1]! * kx[1]!) + kx[1]! * (inv[1]![0]! * kx[0]! + inv[1]![1]! * kx[1]!);
    const p = gp.predict(Float64Array.from([x]));
    expect(p.mean).toBeCloseTo(mean, 9);
    expect(p.variance).toBeCloseTo(1 - quad, 9);
    expect(gp.predict(Float64Array.from([0])).mean).toBeCloseTo(1, 4);
  });

  it('fantasies at the posterior mean keep the mean and shrink the variance there', () => {
    const gp = new GaussianProcess({ X: Float64Array.from([0.1, 0.9]), y: Float64Array.from([1, 0]), n: 2, d: 1, groupOf: Int32Array.from([0]) }, hyper(0.3, 1, 1e-6));
    const x = Float64Array.from([0.5]);
    const before = gp.predict(x);
    const after = gp.withObservations(x, [before.mean]).predict(x);
    expect(after.mean).toBeCloseTo(before.mean, 6);
    expect(after.variance).toBeLessThan(before.variance * 1e-3);
  });

  it('does not throw on duplicate points, constant targets or a single trial', () => {
    const dup = new GaussianProcess({ X: Float64Array.from([0.5, 0.5, 0.5]), y: Float64Array.from([1, 1, 1]), n: 3, d: 1, groupOf: Int32Array.from([0]) }, hyper(0.3, 1, 1e-6));
    expect(Number.isFinite(dup.predict(Float64Array.from([0.2])).mean)).toBe(true);
    const single = new GaussianProcess({ X: Float64Array.from([0.5]), y: Float64Array.from([0]), n: 1, d: 1, groupOf: Int32Array.from([0]) }, hyper(0.3, 1, 1e-6));
    expect(single.predict(Float64Array.from([0.5])).variance).toBeLessThan(1e-5);
  });
  it('extends a factor by the appended rows only, to the same numbers as a fresh fit (with a jitter restart too)', () => {
    const X = Float64Array.from([0.1, 0.9, 0.4, 0.65, 0.2, 0.4]);
    const y = Float64Array.from([1, -1, 0.5, 0.2, 0.8, 0.5]);
    const data = (n: number) => ({ X: X.slice(0, n), y: y.slice(0, n), n, d: 1, groupOf: Int32Array.from([0]) });
    for (const noise of [1e-4, 1e-30]) {
      const base = new GaussianProcess(data(3), hyper(0.3, 1, noise));
      const extended = base.withObservations(X.slice(3), y.slice(3));
      const fresh = new GaussianProcess(data(6), hyper(0.3, 1, noise));
      expect(extended.factor.jitter).toBe(fresh.factor.jitter);
      expect(Array.from(extended.factor.L)).toEqual(Array.from(fresh.factor.L));
      expect(Array.from(extended.alpha)).toEqual(Array.from(fresh.alpha));
    }
    // X[5] repeats X[2]: with no noise only jitter keeps the matrix positive definite.
    expect(new GaussianProcess(data(6), hyper(0.3, 1, 1e-30)).factor.jitter).toBeGreaterThan(0);
  });
});

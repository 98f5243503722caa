import fc from 'fast-check';
import { expectedImprovement, logH, logHDerivative, LogExpectedImprovement } from '../../../../src/core/acquisition/log-expected-improvement';
import { erfcx, logNormalCdf, normalCdf } from '../../../../src/core/acquisition/normal';
import { ThompsonSample } from '../../../../src/core/acquisition/thompson-sampling';
import { UpperConfidenceBound } from '../../../../src/core/acquisition/upper-confidence-bound';
import type { Acquisition } from '../../../../src/core/acquisition/acquisition';
import { GaussianProcess } from '../../../../src/core/gp/gaussian-process';
import { Rng } from '../../../../src/core/rng';

function smallGp(): GaussianProcess {
  const rng = new Rng(4);
  const n = 15;
  const d = 3;
  const X = Float64Array.from({ length: n * d }, () => rng.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.cos(5 * (X[i * d] as number)) - (X[i * d + 1] as number));
  return new GaussianProcess({ X, y, n, d, groupOf: Int32Array.from([0, 1, 2]) }, { logLengthscales: Float64Array.from([-1, -0.5, 0.5]), logOutputScale: 0, logNoise: Math.log(1e-4) });
}

function checkGradient(acq: Acquisition, x: Float64Array): void {
  const grad = new Float64Array(x.length);
  acq.value(x, grad);
  for (let k = 0; k < x.length; k++) {
    const h = 1e-6;
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[k] = (plus[k] as number) + h;
    minus[k] = (minus[k] as number) - h;
    const fd = (acq.value(plus) - acq.value(minus)) / (2 * h);
    expect(Math.abs((grad[k] as number) - fd)).toBeLessThan(1e-4 * (1 + Math.abs(fd)));
  }
}

describe('normal helpers', () => {
  it('match known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(erfcx(0)).toBeCloseTo(1, 6);
    expect(erfcx(10)).toBeCloseTo(0.056140992743957, 12);
    expect(logNormalCdf(-40)).toBeCloseTo(-804.6084420137538, 6);
  });
});

describe('log expected improvement', () => {
  it('EI matches its closed form for a known case', () => {
    // best 0, mean 1, sd 1: EI = phi(-1) - Phi(-1) = 0.24197072451914337 - 0.15865525393145707.
    expect(expectedImprovement(1, 1, 0)).toBeCloseTo(0.0833154705876863, 7);
  });

  it('log h equals log of EI wherever EI is representable', () => {
    fc.assert(
      fc.property(fc.double({ min: -25, max: 6, noNaN: true }), (z) => {
        const direct = Math.log(expectedImprovement(-z, 1, 0));
        expect(Math.abs(logH(z) - direct)).toBeLessThan(1e-5 * Math.max(1, Math.abs(direct)));
      }),
    );
  });

  it('stays finite and monotone far below the incumbent where EI underflows', () => {
    expect(expectedImprovement(60, 1, 0)).toBe(0);
    expect(Number.isFinite(logH(-60))).toBe(true);
    expect(logH(-1e9)).toBeLessThan(logH(-60));
    expect(logH(-60)).toBeLessThan(logH(-59));
    expect(logHDerivative(-60)).toBeGreaterThan(0);
  });

  it('has analytic gradients matching finite differences (log-EI, UCB, Thompson)', () => {
    const gp = smallGp();
    const x = Float64Array.from([0.31, 0.62, 0.45]);
    checkGradient(new LogExpectedImprovement(gp, -1.2), x);
    checkGradient(new UpperConfidenceBound(gp, 4), x);
    checkGradient(new ThompsonSample(gp, new Rng(9), 64), x);
  });
});

describe('batch evaluation', () => {
  it('gives the same values as point-wise evaluation for every acquisition', () => {
    const gp = smallGp();
    const rng = new Rng(12);
    const points = Array.from({ length: 9 }, () => Float64Array.from({ length: 3 }, () => rng.next()));
    for (const acq of [new LogExpectedImprovement(gp, -0.5), new UpperConfidenceBound(gp, 2), new ThompsonSample(gp, new Rng(1), 32)]) {
      const batch = acq.values(points);
      points.forEach((x, j) => expect(batch[j]).toBeCloseTo(acq.value(x), 9));
    }
  });
});

describe('batch evaluation with a floor', () => {
  it('is exact at or above the floor and -Infinity only for points whose exact value is below it', () => {
    const rng = new Rng(21);
    const n = 40;
    const d = 3;
    const X = Float64Array.from({ length: n * d }, () => 0.3 * rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => (X[i * d] as number) - 1);
    const gp = new GaussianProcess({ X, y, n, d, groupOf: Int32Array.from([0, 1, 2]) }, { logLengthscales: Float64Array.from([-1.5, -1.5, -1.5]), logOutputScale: 0, logNoise: Math.log(1e-6) });
    const points = Array.from({ length: 200 }, () => Float64Array.from({ length: d }, () => rng.next()));
    for (const acq of [new LogExpectedImprovement(gp, -1), new UpperConfidenceBound(gp, 1)]) {
      const exact = acq.values(points);
      const floor = Array.from(exact).sort((a, b) => b - a)[20] as number;
      const pruned = acq.values(points, floor);
      let skipped = 0;
      points.forEach((_, j) => {
        if (pruned[j] === -Infinity) {
          skipped++;
          expect(exact[j]).toBeLessThan(floor);
        } else {
          expect(pruned[j]).toBe(exact[j]);
        }
      });
      expect(skipped).toBeGreaterThan(0);
    }
  });
});

describe('Thompson samples', () => {
  it('interpolate the data (noise 1e-4) and differ between draws away from it', () => {
    const gp = smallGp();
    const a = new ThompsonSample(gp, new Rng(1));
    const b = new ThompsonSample(gp, new Rng(2));
    const x0 = gp.data.X.subarray(0, 3);
    expect(-a.value(Float64Array.from(x0))).toBeCloseTo(gp.data.y[0] as number, 1);
    const far = Float64Array.from([0.99, 0.01, 0.99]);
    expect(a.value(far)).not.toBeCloseTo(b.value(far), 3);
  });

  it('have the posterior mean and variance on average (200 draws)', () => {
    const gp = smallGp();
    const x = Float64Array.from([0.9, 0.9, 0.1]);
    const p = gp.predict(x);
    const rng = new Rng(3);
    const draws = Array.from({ length: 200 }, () => -new ThompsonSample(gp, rng.fork(), 256).value(x));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean - p.mean)).toBeLessThan(4 * Math.sqrt(p.variance / 200) + 0.05);
    expect(variance).toBeGreaterThan(0.5 * p.variance);
    expect(variance).toBeLessThan(1.6 * p.variance);
  });
});

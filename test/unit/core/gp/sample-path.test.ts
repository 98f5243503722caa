import { ThompsonSample } from '../../../../src/core/acquisition/thompson-sampling';
import { GaussianProcess } from '../../../../src/core/gp/gaussian-process';
import { PosteriorEvaluator } from '../../../../src/core/gp/posterior-evaluator';
import { GpSamplePath } from '../../../../src/core/gp/sample-path';
import { Rng } from '../../../../src/core/rng';

function smallGp(): GaussianProcess {
  const rng = new Rng(4);
  const n = 15;
  const d = 3;
  const X = Float64Array.from({ length: n * d }, () => rng.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.cos(5 * (X[i * d] as number)) - (X[i * d + 1] as number));
  return new GaussianProcess({ X, y, n, d, groupOf: Int32Array.from([0, 1, 2]) }, { logLengthscales: Float64Array.from([-1, -0.5, 0.5]), logOutputScale: 0, logNoise: Math.log(1e-4) });
}

describe('GP sample paths', () => {
  it('interpolate the data (noise 1e-4) and differ between draws away from it', () => {
    const gp = smallGp();
    const a = new GpSamplePath(gp, new Rng(1));
    const b = new GpSamplePath(gp, new Rng(2));
    const x0 = Float64Array.from(gp.data.X.subarray(0, 3));
    expect(a.value(x0)).toBeCloseTo(gp.data.y[0] as number, 1);
    const far = Float64Array.from([0.99, 0.01, 0.99]);
    expect(a.value(far)).not.toBeCloseTo(b.value(far), 3);
  });

  it('have gradients matching finite differences', () => {
    const path = new GpSamplePath(smallGp(), new Rng(9), 64);
    const x = Float64Array.from([0.31, 0.62, 0.45]);
    const grad = new Float64Array(3);
    path.value(x, grad);
    for (let k = 0; k < 3; k++) {
      const plus = Float64Array.from(x);
      const minus = Float64Array.from(x);
      plus[k] = (plus[k] as number) + 1e-6;
      minus[k] = (minus[k] as number) - 1e-6;
      const fd = (path.value(plus) - path.value(minus)) / 2e-6;
      expect(Math.abs((grad[k] as number) - fd)).toBeLessThan(1e-4 * (1 + Math.abs(fd)));
    }
  });

  it('have the posterior mean and variance on average (200 draws), also through the Posterior seam', () => {
    const gp = smallGp();
    const x = Float64Array.from([0.9, 0.9, 0.1]);
    const p = gp.predict(x);
    const rng = new Rng(3);
    const posterior = new PosteriorEvaluator(gp);
    const draws = Array.from({ length: 200 }, () => -new ThompsonSample(posterior, rng.fork()).value(x));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean - p.mean)).toBeLessThan(4 * Math.sqrt(p.variance / 200) + 0.05);
    expect(variance).toBeGreaterThan(0.5 * p.variance);
    expect(variance).toBeLessThan(1.6 * p.variance);
  });
});

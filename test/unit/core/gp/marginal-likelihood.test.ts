import { Rng } from '../../../../src/core/rng';
import type { GpData } from '../../../../src/core/gp/gaussian-process';
import { defaultPrior, negativeLogPosterior, pairDifferences, profiledMean } from '../../../../src/core/gp/marginal-likelihood';
import { fitHyperparameters, defaultStarts } from '../../../../src/core/gp/fit-hyperparameters';

function randomData(n: number, groupOf: number[], seed: number): GpData {
  const rng = new Rng(seed);
  const d = groupOf.length;
  const X = Float64Array.from({ length: n * d }, () => rng.next());
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * (X[i * d] as number)) + 0.3 * (X[i * d + d - 1] as number));
  return { X, y, n, d, groupOf: Int32Array.from(groupOf) };
}

describe('negative log posterior', () => {
  it('has an analytic gradient matching central finite differences', () => {
    const data = randomData(12, [0, 1, 1, 2], 3);
    const prior = defaultPrior(3);
    const diffs = pairDifferences(data);
    const theta = Float64Array.from([-0.7, 0.2, 0.9, 0.3, Math.log(1e-2)]);
    const grad = new Float64Array(theta.length);
    negativeLogPosterior(data, diffs, prior, theta, grad);
    for (let k = 0; k < theta.length; k++) {
      const h = 1e-5;
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[k] = (plus[k] as number) + h;
      minus[k] = (minus[k] as number) - h;
      const scratch = new Float64Array(theta.length);
      const fd = (negativeLogPosterior(data, diffs, prior, plus, scratch) - negativeLogPosterior(data, diffs, prior, minus, scratch)) / (2 * h);
      expect(grad[k]).toBeCloseTo(fd, 4);
    }
  });

  it('MAP fit lowers the objective below every start and learns that an irrelevant input is smoother', () => {
    const data = randomData(30, [0, 1], 5);
    data.y = data.y.map((_, i) => Math.sin(6 * (data.X[i * 2] as number)));
    const prior = defaultPrior(2);
    const starts = defaultStarts(2, prior, new Rng(1), 1);
    const fit = fitHyperparameters(data, prior, starts, 100);
    const diffs = pairDifferences(data);
    for (const s of starts) {
      const theta = Float64Array.from([...s.logLengthscales, s.logOutputScale, s.logNoise]);
      expect(fit.value).toBeLessThan(negativeLogPosterior(data, diffs, prior, theta, new Float64Array(4)));
    }
    expect(fit.hyper.logLengthscales[1] as number).toBeGreaterThan((fit.hyper.logLengthscales[0] as number) + 1);
  });

  it('fits the constant prior mean so that a cluster of correlated points counts about once', () => {
    // 24 points in a basin near x = (0.2, 0.2) with value -3, 8 spread points on a plateau at 0.
    const rng = new Rng(4);
    const X: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 24; i++) {
      X.push(0.2 + 0.02 * rng.next(), 0.2 + 0.02 * rng.next());
      y.push(-3);
    }
    for (let i = 0; i < 8; i++) {
      X.push(rng.next(), rng.next());
      y.push(0);
    }
    const n = y.length;
    const sampleMean = y.reduce((s, v) => s + v, 0) / n;
    const data = { X: Float64Array.from(X), y: Float64Array.from(y, (v) => v - sampleMean), n, d: 2, groupOf: Int32Array.from([0, 1]) };
    const prior = defaultPrior(2);
    const fit = fitHyperparameters(data, prior, defaultStarts(2, prior, new Rng(1), 1), 100);
    // The sample mean (0 here) lies at 3/4 of the way down to the basin; the fitted one near the plateau.
    expect(fit.mean).toBeGreaterThan(0.5 * (0 - sampleMean));
    expect(fit.mean).toBeLessThanOrEqual(Math.max(...data.y));
    const off = fitHyperparameters(data, { ...prior, constantMean: false }, defaultStarts(2, prior, new Rng(1), 1), 100);
    expect(off.mean).toBe(0);
  });

  it('limits the profiled mean to the range of the targets', () => {
    // K = I: the GLS mean is the sample mean; a K^-1 whose row sums weight one end lands outside.
    const y = Float64Array.from([1, 2, 3]);
    expect(profiledMean(Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), 3, y)).toBeCloseTo(2, 12);
    expect(profiledMean(Float64Array.from([0.1, 0, 0, 0, -0.5, 0, 0, 0, 1]), 3, y)).toBe(3);
  });
});

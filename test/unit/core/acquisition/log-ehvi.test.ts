import { LogExpectedHypervolumeImprovement } from '../../../../src/core/acquisition/log-expected-hypervolume-improvement';
import type { Posterior } from '../../../../src/core/acquisition/posterior';
import { nonDominatedBoxes } from '../../../../src/core/pareto/box-decomposition';
import { hypervolume } from '../../../../src/core/pareto/hypervolume';
import { centralDifference } from '../../../helpers/finite-difference';
import { Rng } from '../../../../src/core/rng';

/**
 * A closed-form posterior over [0, 1]^2 (no GP): mean(x) = a + b x0 - c x1^2, variance(x) =
 * v (1 + x0^2 + 0.5 x1), so tests can set each objective's distribution and check gradients.
 */
class QuadraticPosterior implements Posterior {
  readonly dim = 2;
  mean = 0;
  variance = 0;

  constructor(private readonly a: number, private readonly b: number, private readonly c: number, private readonly v: number) {}

  evaluate(x: Float64Array, dMean?: Float64Array, dVar?: Float64Array): void {
    const [x0, x1] = [x[0] as number, x[1] as number];
    this.mean = this.a + this.b * x0 - this.c * x1 * x1;
    this.variance = this.v * (1 + x0 * x0 + 0.5 * x1);
    dMean?.set([this.b, -2 * this.c * x1]);
    dVar?.set([2 * this.v * x0, 0.5 * this.v]);
  }

  batch(points: Float64Array[]): { mean: Float64Array; variance: Float64Array } {
    const mean = new Float64Array(points.length);
    const variance = new Float64Array(points.length);
    points.forEach((x, j) => {
      this.evaluate(x);
      mean[j] = this.mean;
      variance[j] = this.variance;
    });
    return { mean, variance };
  }

  samplePath(): never {
    throw new Error('not used');
  }
}

/** Monte-Carlo EHVI (mean and standard error) by exact hypervolume of the front plus each draw. */
function monteCarloEhvi(front: number[][], reference: number[], mean: number[], sd: number[], draws: number, seed: number): { mean: number; se: number } {
  const rng = new Rng(seed);
  const base = hypervolume(front, reference);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < draws; i++) {
    const y = mean.map((mu, j) => mu + (sd[j] as number) * rng.normal());
    const hvi = hypervolume([...front, y], reference) - base;
    s += hvi;
    s2 += hvi * hvi;
  }
  const mu = s / draws;
  return { mean: mu, se: Math.sqrt(Math.max(s2 / draws - mu * mu, 0) / draws) };
}

const FRONTS: { name: string; front: number[][]; reference: number[]; posteriors: [number, number, number, number][] }[] = [
  { name: '2 objectives', front: [[0.1, 0.9], [0.4, 0.5], [0.8, 0.2]], reference: [1.1, 1.1], posteriors: [[0.3, 0.2, 0.1, 0.04], [0.6, -0.3, 0.2, 0.09]] },
  { name: '3 objectives', front: [[0.1, 0.8, 0.6], [0.5, 0.3, 0.7], [0.7, 0.6, 0.1], [0.3, 0.4, 0.4]], reference: [1, 1, 1], posteriors: [[0.4, 0.1, 0.1, 0.05], [0.5, -0.2, 0.1, 0.03], [0.45, 0.1, 0.3, 0.06]] },
];

describe('LogExpectedHypervolumeImprovement', () => {
  it.each(FRONTS)('matches a brute-force Monte-Carlo EHVI ($name)', ({ front, reference, posteriors }) => {
    const ps = posteriors.map(([a, b, c, v]) => new QuadraticPosterior(a, b, c, v));
    const acquisition = new LogExpectedHypervolumeImprovement(ps, nonDominatedBoxes(front, reference));
    for (const x of [[0.2, 0.3], [0.7, 0.9], [0.5, 0.1]].map((v) => Float64Array.from(v))) {
      const mean = ps.map((p) => (p.evaluate(x), p.mean));
      const sd = ps.map((p) => (p.evaluate(x), Math.sqrt(p.variance)));
      const mc = monteCarloEhvi(front, reference, mean, sd, 40_000, 3);
      const exact = Math.exp(acquisition.value(x));
      expect(Math.abs(exact - mc.mean)).toBeLessThan(4 * mc.se + 1e-9);
      expect(acquisition.values([x])[0]).toBeCloseTo(acquisition.value(x), 12);
    }
  });

  it.each(FRONTS)('has the gradient of its value ($name)', ({ front, reference, posteriors }) => {
    const ps = posteriors.map(([a, b, c, v]) => new QuadraticPosterior(a, b, c, v));
    const acquisition = new LogExpectedHypervolumeImprovement(ps, nonDominatedBoxes(front, reference));
    for (const x of [[0.2, 0.3], [0.7, 0.9], [0.05, 0.6]].map((v) => Float64Array.from(v))) {
      const grad = new Float64Array(2);
      acquisition.value(x, grad);
      for (let f = 0; f < 2; f++) expect(grad[f]).toBeCloseTo(centralDifference((y) => acquisition.value(y), x, f), 5);
    }
  });

  it('stays finite, smooth and ordered far from any improvement, where EHVI itself underflows', () => {
    const front = [[0, 1], [1, 0]];
    const boxes = nonDominatedBoxes(front, [2, 2]);
    const values = [30, 60, 120].map((offset) => {
      const acquisition = new LogExpectedHypervolumeImprovement([new QuadraticPosterior(offset, 0, 0, 0.01), new QuadraticPosterior(offset, 0, 0, 0.01)], boxes);
      const x = Float64Array.from([0.5, 0.5]);
      const grad = new Float64Array(2);
      const v = acquisition.value(x, grad);
      expect(Number.isFinite(v)).toBe(true);
      expect(grad.every(Number.isFinite)).toBe(true);
      return v;
    });
    expect(values[0]).toBeLessThan(-1e4);
    expect(values[1]).toBeLessThan(values[0] as number);
    expect(values[2]).toBeLessThan(values[1] as number);
  });
});

describe('LogExpectedHypervolumeImprovement.values with a floor', () => {
  it('is exact at every point whose value reaches the floor and leaves out only points below it', () => {
    const { front, reference, posteriors } = FRONTS[1] as (typeof FRONTS)[number];
    const acquisition = new LogExpectedHypervolumeImprovement(posteriors.map(([a, b, c, v]) => new QuadraticPosterior(a, b, c, v)), nonDominatedBoxes(front, reference));
    const rng = new Rng(4);
    const points = Array.from({ length: 200 }, () => Float64Array.from([rng.next(), rng.next()]));
    const exact = acquisition.values(points);
    const floor = [...exact].sort((a, b) => b - a)[20] as number;
    const screened = acquisition.values(points, floor);
    screened.forEach((v, i) => {
      if ((exact[i] as number) >= floor) expect(v).toBe(exact[i]);
      else expect(v === -Infinity || v === exact[i]).toBe(true);
    });
  });
});

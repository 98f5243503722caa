import { GaussianProcess } from '../../../../src/core/gp/gaussian-process';
import { PosteriorEvaluator } from '../../../../src/core/gp/posterior-evaluator';
import { SiteSolves, SlopeConditionedPosterior, type SlopeSite } from '../../../../src/core/gp/virtual-slopes';
import { Rng } from '../../../../src/core/rng';
import { centralDifference, shiftedPair } from '../../../helpers/finite-difference';

/** A GP on six points of a 2-d bowl around (0.5, 0.5), length scales 0.5, noise 1e-6. */
function bowlGp(): GaussianProcess {
  const X = Float64Array.from([0.3, 0.4, 0.5, 0.5, 0.6, 0.3, 0.45, 0.7, 0.7, 0.6, 0.35, 0.55]);
  const y = Float64Array.from({ length: 6 }, (_, i) => ((X[2 * i] as number) - 0.5) ** 2 + ((X[2 * i + 1] as number) - 0.5) ** 2 - 0.05);
  return new GaussianProcess({ X, y, n: 6, d: 2, groupOf: Int32Array.from([0, 1]) }, { logLengthscales: Float64Array.from([Math.log(0.5), Math.log(0.5)]), logOutputScale: 0, logNoise: Math.log(1e-6) });
}

const SITES: SlopeSite[] = [
  { point: Float64Array.from([1, 0.9]), feature: 0, outward: 1 },
  { point: Float64Array.from([0, 1]), feature: 1, outward: 1 },
  { point: Float64Array.from([0, 0.2]), feature: 0, outward: -1 },
];

describe('SlopeConditionedPosterior (virtual derivative signs at bounds)', () => {
  it('has gradients matching finite differences and a batch equal to single evaluations', () => {
    const p = new SlopeConditionedPosterior(bowlGp(), SITES);
    expect(p.sites.length).toBe(3);
    for (const x of [[0.95, 0.9], [0.1, 0.9], [0.5, 0.5], [0.02, 0.2], [0.8, 0.1]]) {
      const at = Float64Array.from(x);
      const dMean = new Float64Array(2);
      const dVar = new Float64Array(2);
      p.evaluate(at, dMean, dVar);
      const [mean, variance] = [p.mean, p.variance];
      const batch = p.batch([at]);
      expect(batch.mean[0]).toBeCloseTo(mean, 12);
      expect(batch.variance[0]).toBeCloseTo(variance, 12);
      for (let f = 0; f < 2; f++) {
        const h = 1e-6;
        const [plus, minus] = shiftedPair(at, f, h);
        p.evaluate(plus);
        const [mp, vp] = [p.mean, p.variance];
        p.evaluate(minus);
        expect(dMean[f]).toBeCloseTo((mp - p.mean) / (2 * h), 5);
        expect(dVar[f]).toBeCloseTo((vp - p.variance) / (2 * h), 5);
      }
    }
  });

  it('makes the mean rise outwards at each site, where the plain GP falls back to its prior mean', () => {
    const gp = bowlGp();
    const plain = new PosteriorEvaluator(gp);
    const corrected = new SlopeConditionedPosterior(gp, SITES);
    const outwardSlope = (post: PosteriorEvaluator | SlopeConditionedPosterior, site: SlopeSite): number => {
      const grad = new Float64Array(2);
      post.evaluate(site.point, grad, new Float64Array(2));
      return site.outward * (grad[site.feature] as number);
    };
    for (const site of SITES) {
      expect(outwardSlope(plain, site)).toBeLessThan(0);
      expect(outwardSlope(corrected, site)).toBeGreaterThan(0);
      plain.evaluate(site.point);
      corrected.evaluate(site.point);
      expect(corrected.mean).toBeGreaterThan(plain.mean);
      expect(corrected.variance).toBeLessThanOrEqual(plain.variance);
    }
  });

  it('screens a batch as the plain posterior does: a point whose bound cannot reach the floor skips its solve, the others keep their numbers', () => {
    const p = new SlopeConditionedPosterior(bowlGp(), SITES);
    const points = [[0.95, 0.9], [0.1, 0.9], [0.5, 0.5], [0.02, 0.2], [0.8, 0.1], [0.4, 0.45]].map((x) => Float64Array.from(x));
    const full = p.batch(points);
    const threshold = [...full.variance].sort((a, b) => a - b)[2] as number;
    const bounds: number[] = [];
    const screened = p.batch(points, (mean, bound, j) => {
      expect(mean).toBe(full.mean[j]);
      bounds[j] = bound;
      return bound >= threshold;
    });
    points.forEach((x, j) => {
      p.evaluate(x);
      expect(screened.mean[j]).toBe(full.mean[j]);
      expect(screened.mean[j]).toBeCloseTo(p.mean, 12);
      expect(bounds[j]).toBeGreaterThanOrEqual(p.variance);
      if ((bounds[j] as number) >= threshold) expect(screened.variance[j]).toBe(full.variance[j]);
      else expect(screened.variance[j]).toBeNaN();
    });
    expect(screened.variance.filter(Number.isNaN).length).toBeGreaterThan(0);
  });

  it('gives the same numbers with site solves shared between conditionings on one GP (the slope rounds of a point), and refuses those of another GP', () => {
    const gp = bowlGp();
    const shared = new SiteSolves(gp);
    const x = Float64Array.from([0.9, 0.3]);
    for (let m = 1; m <= SITES.length; m++) {
      const fresh = new SlopeConditionedPosterior(gp, SITES.slice(0, m));
      const reused = new SlopeConditionedPosterior(gp, SITES.slice(0, m), shared);
      const [g1, v1, g2, v2] = [new Float64Array(2), new Float64Array(2), new Float64Array(2), new Float64Array(2)];
      fresh.evaluate(x, g1, v1);
      reused.evaluate(x, g2, v2);
      expect([reused.mean, reused.variance, ...g2, ...v2]).toEqual([fresh.mean, fresh.variance, ...g1, ...v1]);
    }
    expect(() => new SlopeConditionedPosterior(bowlGp(), SITES, shared)).toThrow(/another GP/);
  });

  it('draws sample paths whose mean and variance are the corrected posterior\'s, rising outwards at the sites', () => {
    const gp = bowlGp();
    const p = new SlopeConditionedPosterior(gp, SITES);
    const points = [[0.95, 0.9], [0.05, 0.95], [0.5, 0.5], [0.02, 0.2], [0.8, 0.1]].map((x) => Float64Array.from(x));
    const draws = 4000;
    const sums = points.map(() => ({ s: 0, s2: 0 }));
    const rng = new Rng(11);
    let risingSlopes = 0;
    const grad = new Float64Array(2);
    for (let k = 0; k < draws; k++) {
      const path = p.samplePath(rng);
      points.forEach((x, j) => {
        const f = path.value(x);
        (sums[j] as { s: number }).s += f;
        (sums[j] as { s2: number }).s2 += f * f;
      });
      path.value(SITES[0]!.point, grad);
      if (grad[0]! > 0) risingSlopes += 1;
    }
    points.forEach((x, j) => {
      p.evaluate(x);
      const { s, s2 } = sums[j] as { s: number; s2: number };
      const mean = s / draws;
      const variance = s2 / draws - mean * mean;
      // Monte Carlo error of the mean: sd / sqrt(4000) ~ 0.016 sd; the random features add a little.
      expect(Math.abs(mean - p.mean)).toBeLessThan(0.08 * Math.sqrt(p.variance) + 1e-3);
      expect(variance / p.variance).toBeGreaterThan(0.85);
      expect(variance / p.variance).toBeLessThan(1.15);
    });
    // The plain GP's slope there is negative on average; the corrected paths mostly rise.
    expect(risingSlopes / draws).toBeGreaterThan(0.7);
  });

  it('gives the plain path, corrected, from a copy of the stream that drew the plain path', () => {
    const gp = bowlGp();
    const rng = new Rng(5);
    const plain = new PosteriorEvaluator(gp).samplePath(rng.copy());
    const corrected = new SlopeConditionedPosterior(gp, SITES).samplePath(rng.copy());
    const none = new SlopeConditionedPosterior(gp, []).samplePath(rng.copy());
    const x = Float64Array.from([0.4, 0.6]);
    expect(none.value(x)).toBe(plain.value(x));
    // Near the data the sites change little: the same draw, not a new one.
    expect(Math.abs(corrected.value(x) - plain.value(x))).toBeLessThan(0.05);
    const far = Float64Array.from([1, 0.9]);
    expect(corrected.value(far)).not.toBe(plain.value(far));
  });

  it('has sample-path gradients matching finite differences', () => {
    const path = new SlopeConditionedPosterior(bowlGp(), SITES).samplePath(new Rng(3));
    for (const x of [[0.95, 0.9], [0.1, 0.9], [0.5, 0.5]]) {
      const at = Float64Array.from(x);
      const grad = new Float64Array(2);
      path.value(at, grad);
      for (let f = 0; f < 2; f++) expect(grad[f]).toBeCloseTo(centralDifference((y) => path.value(y), at, f), 5);
    }
  });

  it('leaves the posterior as it is without sites', () => {
    const gp = bowlGp();
    const plain = new PosteriorEvaluator(gp);
    const corrected = new SlopeConditionedPosterior(gp, []);
    const x = Float64Array.from([0.9, 0.05]);
    plain.evaluate(x);
    corrected.evaluate(x);
    expect(corrected.mean).toBe(plain.mean);
    expect(corrected.variance).toBe(plain.variance);
  });

  it('drops a site where the data already make the rise certain (it said nothing new, and its NaN crashed the factor)', () => {
    // 1-d, a steep rise sampled densely up to the upper bound: the posterior slope there is many sds above 0.
    const X = Float64Array.from({ length: 21 }, (_, i) => 0.5 + i / 40);
    const y = X.map((x) => 20 * x);
    const gp = new GaussianProcess({ X, y, n: 21, d: 1, groupOf: Int32Array.from([0]) }, { logLengthscales: Float64Array.from([Math.log(0.5)]), logOutputScale: Math.log(100), logNoise: Math.log(1e-6) });
    const rising: SlopeSite = { point: Float64Array.from([1]), feature: 0, outward: 1 };
    const open: SlopeSite = { point: Float64Array.from([0]), feature: 0, outward: -1 };
    const p = new SlopeConditionedPosterior(gp, [rising, open]);
    expect(p.sites).toEqual([open]);
    p.evaluate(Float64Array.from([0.1]));
    expect(Number.isFinite(p.mean) && Number.isFinite(p.variance)).toBe(true);
  });
});

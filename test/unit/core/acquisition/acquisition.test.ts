import fc from 'fast-check';
import { expectedImprovement, logH, logHDerivative, LogExpectedImprovement } from '../../../../src/core/acquisition/log-expected-improvement';
import { erfcx, logNormalCdf, normalCdf } from '../../../../src/core/acquisition/normal';
import { ThompsonSample } from '../../../../src/core/acquisition/thompson-sampling';
import { UpperConfidenceBound } from '../../../../src/core/acquisition/upper-confidence-bound';
import type { Acquisition } from '../../../../src/core/acquisition/acquisition';
import type { Posterior, SamplePath } from '../../../../src/core/acquisition/posterior';
import { FeasibilityWeighted } from '../../../../src/core/acquisition/feasibility-weighted';
import { ACQUISITION_KINDS, ACQUISITION_OPTIONS, feasibilityWeightedReason } from '../../../../src/core/acquisition/acquisition-kinds';
import { Rng } from '../../../../src/core/rng';

/**
 * A closed-form posterior over [0, 1]^3 for acquisition tests (no GP involved):
 *   mean(x) = sin(3 x0) - x1 + 0.5 x2^2,  variance(x) = 0.02 + (x0 - 0.4)^2 + 0.5 (x2 - 0.7)^2.
 * Its sample path is mean(x) + zeta sqrt(variance(x)) with one zeta ~ N(0, 1) per draw. The batch
 * bound is the exact variance plus 0.01 (any upper bound is allowed).
 */
class AnalyticPosterior implements Posterior {
  readonly dim = 3;
  mean = 0;
  variance = 0;

  evaluate(x: Float64Array, dMean?: Float64Array, dVar?: Float64Array): void {
    const [a, b, c] = [x[0] as number, x[1] as number, x[2] as number];
    this.mean = Math.sin(3 * a) - b + 0.5 * c * c;
    this.variance = 0.02 + (a - 0.4) ** 2 + 0.5 * (c - 0.7) ** 2;
    dMean?.set([3 * Math.cos(3 * a), -1, c]);
    dVar?.set([2 * (a - 0.4), 0, c - 0.7]);
  }

  batch(points: Float64Array[], worthSolving?: (mean: number, bound: number, index: number) => boolean): { mean: Float64Array; variance: Float64Array } {
    const mean = new Float64Array(points.length);
    const variance = new Float64Array(points.length);
    points.forEach((x, j) => {
      this.evaluate(x);
      mean[j] = this.mean;
      variance[j] = !worthSolving || worthSolving(this.mean, this.variance + 0.01, j) ? this.variance : Number.NaN;
    });
    return { mean, variance };
  }

  samplePath(rng: Rng): SamplePath {
    const zeta = rng.normal();
    const dMean = new Float64Array(3);
    const dVar = new Float64Array(3);
    return {
      value: (x, grad) => {
        this.evaluate(x, dMean, dVar);
        const sd = Math.sqrt(this.variance);
        grad?.forEach((_, f) => (grad[f] = (dMean[f] as number) + (zeta * (dVar[f] as number)) / (2 * sd)));
        return this.mean + zeta * sd;
      },
    };
  }
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
    const posterior = new AnalyticPosterior();
    for (const x of [Float64Array.from([0.31, 0.62, 0.45]), Float64Array.from([0.9, 0.05, 0.2])]) {
      checkGradient(new LogExpectedImprovement(posterior, -1.2), x);
      checkGradient(new LogExpectedImprovement(posterior, -30), x);
      checkGradient(new UpperConfidenceBound(posterior, 4), x);
      checkGradient(new ThompsonSample(posterior, new Rng(9)), x);
    }
  });

  it('log EI and UCB equal their closed forms at the posterior of the point', () => {
    const posterior = new AnalyticPosterior();
    const x = Float64Array.from([0.2, 0.3, 0.9]);
    posterior.evaluate(x);
    const { mean, variance } = posterior;
    const sd = Math.sqrt(variance);
    expect(new LogExpectedImprovement(posterior, 0.1).value(x)).toBeCloseTo(Math.log(expectedImprovement(mean, sd, 0.1)), 10);
    expect(new UpperConfidenceBound(posterior, 9).value(x)).toBeCloseTo(3 * sd - mean, 12);
    expect(new ThompsonSample(posterior, new Rng(5)).value(x)).toBeCloseTo(-(mean + new Rng(5).normal() * sd), 12);
  });
});

describe('batch evaluation', () => {
  it('gives the same values as point-wise evaluation for every acquisition', () => {
    const posterior = new AnalyticPosterior();
    const rng = new Rng(12);
    const points = Array.from({ length: 9 }, () => Float64Array.from({ length: 3 }, () => rng.next()));
    for (const acq of [new LogExpectedImprovement(posterior, -0.5), new UpperConfidenceBound(posterior, 2), new ThompsonSample(posterior, new Rng(1))]) {
      const batch = acq.values(points);
      points.forEach((x, j) => expect(batch[j]).toBeCloseTo(acq.value(x), 9));
    }
  });
});

describe('batch evaluation with a floor', () => {
  it('is exact at or above the floor and -Infinity only for points whose exact value is below it', () => {
    const rng = new Rng(21);
    const posterior = new AnalyticPosterior();
    const points = Array.from({ length: 200 }, () => Float64Array.from({ length: 3 }, () => rng.next()));
    for (const acq of [new LogExpectedImprovement(posterior, -1), new UpperConfidenceBound(posterior, 1)]) {
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


describe('feasibility-weighted log EI', () => {
  it('adds log P(success) to log EI, with gradients matching finite differences and a floor that stays safe', () => {
    const loss = new AnalyticPosterior();
    const success = new AnalyticPosterior();
    const x = Float64Array.from([0.35, 0.5, 0.6]);
    const weighted = new FeasibilityWeighted(new LogExpectedImprovement(loss, -0.5), success, 0.2, 0.1);
    checkGradient(weighted, x);
    checkGradient(new FeasibilityWeighted(new LogExpectedImprovement(loss, -0.5), success, -8, 0.01), x);
    success.evaluate(x);
    const p = normalCdf((0.2 + success.mean) / Math.sqrt(success.variance + 0.1));
    expect(weighted.value(x)).toBeCloseTo(new LogExpectedImprovement(loss, -0.5).value(x) + Math.log(p), 10);
    const rng = new Rng(4);
    const points = Array.from({ length: 50 }, () => Float64Array.from({ length: 3 }, () => rng.next()));
    const exact = weighted.values(points);
    const floor = Array.from(exact).sort((a, b) => b - a)[10] as number;
    weighted.values(points, floor).forEach((v, j) => (v === -Infinity ? expect(exact[j]).toBeLessThan(floor) : expect(v).toBeCloseTo(exact[j] as number, 12)));
  });
});

describe('the acquisition table', () => {
  it('maps each API option to its stored reason name and its class, and only log EI takes P(success)', () => {
    const settings = { bestTarget: -0.5, beta: 4, rng: new Rng(3) };
    const posterior = new AnalyticPosterior();
    const rows = ACQUISITION_OPTIONS.map((option) => {
      const kind = ACQUISITION_KINDS[option];
      return [option, kind.reason, kind.create(posterior, settings).constructor.name, kind.logSpace];
    });
    expect(rows).toEqual([
      ['ei', 'log_ei', 'LogExpectedImprovement', true],
      ['ts', 'thompson', 'ThompsonSample', false],
      ['ucb', 'ucb', 'UpperConfidenceBound', false],
    ]);
    expect(feasibilityWeightedReason(ACQUISITION_KINDS.ei)).toBe('log_ei*p_success');
  });
});

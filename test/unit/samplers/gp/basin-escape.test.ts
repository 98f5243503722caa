import type { Acquisition } from '../../../../src/core/acquisition/acquisition';
import { ExcludedRegions, type FeatureRegion } from '../../../../src/core/acquisition/excluded-regions';
import { GaussianProcess } from '../../../../src/core/gp/gaussian-process';
import { entriesKey } from '../../../../src/core/linalg/vectors';
import { Rng } from '../../../../src/core/rng';
import type { Params } from '../../../../src/domain/space';
import { convergedBasin, posteriorBasin, PosteriorMeans, trainingOutside } from '../../../../src/samplers/gp/basin-escape';
import { BEYOND_DETAIL } from '../../../../src/samplers/gp/gp-sampler';
import type { ObservedTrial } from '../../../../src/samplers/sampler';
import { askRound, fromLocalDip, polishedHistory, twoDipLoss } from './polished-dip';

/** A 1-d GP through two dips, at 0.2 (value -1) and 0.8 (value -2), with a ridge (0) at 0.5; data every 0.05. */
function twoDips(): GaussianProcess {
  const xs = Array.from({ length: 21 }, (_, i) => i / 20);
  const ys = xs.map((x) => -Math.exp(-(((x - 0.2) ** 2) / 0.01)) - 2 * Math.exp(-(((x - 0.8) ** 2) / 0.01)));
  const hyper = { logLengthscales: Float64Array.from([Math.log(0.15)]), logOutputScale: 0, logNoise: Math.log(1e-6) };
  return new GaussianProcess({ X: Float64Array.from(xs), y: Float64Array.from(ys), n: xs.length, d: 1, groupOf: Int32Array.from([0]) }, hyper);
}

/**
 * A 1-d GP of a bowl (minimum -1 at 0.2) sampled every 0.05 on [0, 0.5], and one trial at 0.95
 * (value -0.02, near the prior mean) across unexplored space: the posterior mean rises
 * monotonically from the bowl to it, as from a polished basin to an initial-design point.
 */
function bowlAndFarTrial(): GaussianProcess {
  const xs = Array.from({ length: 11 }, (_, i) => i / 20).concat([0.95]);
  const ys = xs.map((x) => (x > 0.9 ? -0.02 : 4 * (x - 0.2) ** 2 - 1));
  const hyper = { logLengthscales: Float64Array.from([Math.log(0.25)]), logOutputScale: Math.log(0.3), logNoise: Math.log(1e-6) };
  return new GaussianProcess({ X: Float64Array.from(xs), y: Float64Array.from(ys), n: xs.length, d: 1, groupOf: Int32Array.from([0]) }, hyper);
}

const at = (x: number): Float64Array => Float64Array.from([x]);

describe('basin escape: the posterior basin (hill-valley test)', () => {
  it('holds the flanks of its dip and nothing behind the ridge', () => {
    const basin = posteriorBasin(twoDips(), at(0.2));
    for (const x of [0, 0.1, 0.2, 0.3, 0.45]) expect(basin.contains(at(x))).toBe(true);
    for (const x of [0.65, 0.8, 0.95]) expect(basin.contains(at(x))).toBe(false);
  });

  it('leaves out space the data have not explored, and a trial beyond it', () => {
    // On the posterior mean alone (the code before) the far trial and all the space up to it lay
    // in the bowl's basin: no ridge of the mean separates them. That held Hartmann6 runs.
    const gp = bowlAndFarTrial();
    const basin = posteriorBasin(gp, at(0.2));
    for (const x of [0, 0.1, 0.3, 0.5, 0.6]) expect(basin.contains(at(x))).toBe(true);
    for (const x of [0.8, 0.9]) expect(basin.contains(at(x))).toBe(false);
    expect(trainingOutside(gp, [basin])).toEqual([11]);
  });

  it('ranks the training rows outside the regions by posterior mean', () => {
    const gp = twoDips();
    expect(trainingOutside(gp, [])[0]).toBe(16); // x = 0.8, the deeper dip
    const outside = trainingOutside(gp, [posteriorBasin(gp, at(0.8))]);
    expect(outside[0]).toBe(4); // x = 0.2 once the deeper dip is left
    expect(outside).not.toContain(14); // x = 0.7, on the deeper dip's flank
  });

  it('a point is converged only where the posterior variance is at the noise level', () => {
    const gp = twoDips();
    expect(convergedBasin(gp, at(0.8), [], 21, 2, 1e-3)).not.toBeNull(); // a training point: variance ~ noise
    expect(convergedBasin(gp, at(0.825), [], 21, 2, 1e-3)).toBeNull(); // between training points: still learnable
  });

  it('when the mean basin holds all but too few trials, the converged basin is the known-only one', () => {
    const gp = bowlAndFarTrial();
    expect(trainingOutside(gp, [posteriorBasin(gp, at(0.2), false)])).toEqual([]); // the mean swallows the far trial
    const basin = convergedBasin(gp, at(0.2), [], 12, 2, 1e-3);
    expect(basin).not.toBeNull();
    expect(trainingOutside(gp, [basin!])).toEqual([11]);
    // A fit at its noise ceiling (1e-6 here) may not use it: its sd does not measure what it knows.
    expect(convergedBasin(gp, at(0.2), [], 12, 2, 1e-6)).toBeNull();
    // With enough trials outside the mean basin it is kept (twoDips: the left dip's trials).
    const dips = twoDips();
    expect(trainingOutside(dips, [convergedBasin(dips, at(0.8), [], 21, 2, 1e-3)!])).toEqual(trainingOutside(dips, [posteriorBasin(dips, at(0.8), false)]));
  });

  it('basins sharing a memo of posterior means give the same answers, and the memo holds predict\'s means bit for bit', () => {
    const gp = twoDips();
    const means = new PosteriorMeans(gp);
    const shared = [posteriorBasin(gp, at(0.2), false, means), posteriorBasin(gp, at(0.8), false, means)];
    const alone = [posteriorBasin(gp, at(0.2), false), posteriorBasin(gp, at(0.8), false)];
    for (let x = 0; x <= 1; x += 0.025) {
      for (let b = 0; b < 2; b++) expect(shared[b]!.contains(at(x))).toBe(alone[b]!.contains(at(x)));
      expect(shared[0]!.contains(at(x))).toBe(shared[0]!.contains(at(x))); // remembered
    }
    const x = at(0.4125);
    expect(Object.is(means.at(x, entriesKey(x)), gp.predict(x).mean)).toBe(true);
  });
});

describe('basin escape: excluded regions', () => {
  const inner: Acquisition = { value: (x) => -(((x[0] as number) - 0.3) ** 2), values: (xs) => Float64Array.from(xs, (x) => -(((x[0] as number) - 0.3) ** 2)) };
  const left: FeatureRegion = { contains: (x) => (x[0] as number) < 0.5 };

  it('is -Infinity (zero gradient) inside a region and the inner acquisition elsewhere', () => {
    const a = new ExcludedRegions(inner, [left]);
    const grad = Float64Array.from([7]);
    expect(a.value(at(0.3), grad)).toBe(-Infinity);
    expect(grad[0]).toBe(0);
    expect(a.value(at(0.7))).toBeCloseTo(-0.16, 12);
    expect(Array.from(a.values([at(0.3), at(0.7), at(0.9)]))).toEqual([-Infinity, inner.value(at(0.7)), inner.value(at(0.9))]);
  });
});

describe('basin escape: the gp sampler leaves a polished local basin', () => {
  async function ask(completed: ObservedTrial[], trialCount: number): Promise<{ distance: number; detail?: string }> {
    const [s] = await askRound(completed, [], 1, trialCount);
    return { distance: fromLocalDip(s!), detail: s!.reason.detail };
  }

  it('every second ask goes beyond the converged basin; the others keep polishing it', async () => {
    const completed = polishedHistory();
    // Before the escape, both asks polished the local minimum (within 1e-4 of it).
    const even = await ask(completed, completed.length);
    expect(even.distance).toBeLessThan(0.05);
    expect(even.detail).toBeUndefined();
    const odd = await ask(completed, completed.length + 1);
    expect(odd.distance).toBeGreaterThan(0.3);
    expect(odd.detail).toBe(BEYOND_DETAIL);
  });

  it('an unconverged study is not touched: no ask goes beyond a basin', async () => {
    const rng = new Rng(11);
    const completed = Array.from({ length: 10 }, (_, number) => {
      const params: Params = { x: rng.next(), y: rng.next() };
      return { number, params, loss: twoDipLoss(params) };
    });
    for (const trialCount of [10, 11]) expect((await ask(completed, trialCount)).detail).toBeUndefined();
  });
});

import { LruCache } from '../../../../src/core/lru-cache';
import { Rng } from '../../../../src/core/rng';
import { sampleParams, validateSpace } from '../../../../src/core/space';
import type { Params, SearchSpace } from '../../../../src/domain/space';
import { gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import { buildModel } from '../../../../src/samplers/gp/model';
import type { CachedFit } from '../../../../src/samplers/gp/model-cache';
import { observedTrials } from '../../../../src/samplers/gp/observations';
import type { ObservedTrial, SamplerInput } from '../../../../src/samplers/sampler';

const space = validateSpace({ x: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });
const bowl = (p: Params): number => ((p.x as number) - 0.7) ** 2 + ((p.y as number) - 0.3) ** 2;

function input(completed: ObservedTrial[], extra: Partial<SamplerInput> = {}): SamplerInput {
  return {
    space, completed, pruned: [], pending: [], count: 1, seed: 3, trialCount: completed.length, studySeed: 5,
    budget: { deadlineMs: 1e9, now: () => 0 }, ...extra,
  };
}

function sampler(options: Record<string, unknown> = {}, s: SearchSpace = space) {
  return gpFactory.create(gpFactory.normalize(options, s), s);
}

describe('pruned trials in the GP', () => {
  it('enter no better than the median of the complete trials, and never better than they reported', () => {
    const completed = [1, 2, 3, 4].map((loss, i) => ({ number: i * 2, params: { x: i / 4 }, loss }));
    const pruned = [
      { number: 1, params: { x: 0.1 }, loss: 0.5 },
      { number: 3, params: { x: 0.2 }, loss: 9 },
      { number: 5, params: { x: 0.3 }, loss: null },
    ];
    const observed = observedTrials({ completed, pruned });
    expect(observed.map((t) => [t.number, t.loss])).toEqual([[0, 1], [1, 2.5], [2, 2], [3, 9], [4, 3], [5, 2.5], [6, 4]]);
    expect(observedTrials({ completed: [], pruned })).toEqual([pruned[0], pruned[1]]);
  });

  it('take failed trials in at the worst loss of the finished ones', () => {
    const completed = [{ number: 0, params: { x: 0 }, loss: 1 }, { number: 2, params: { x: 0.2 }, loss: 3 }];
    const pruned = [{ number: 3, params: { x: 0.3 }, loss: 7 }];
    const failed = [{ number: 1, params: { x: 0.9 } }];
    expect(observedTrials({ completed, pruned, failed }).map((t) => [t.number, t.loss])).toEqual([[0, 1], [1, 7], [2, 3], [3, 7]]);
    expect(observedTrials({ completed: [], pruned: [], failed })).toEqual([]);
  });

  it('count toward the initial design, and a pruned configuration is never suggested again', async () => {
    const rng = new Rng(2);
    const completed = Array.from({ length: 3 }, (_, i) => { const params = sampleParams(space, rng); return { number: i, params, loss: bowl(params) }; });
    const pruned = Array.from({ length: 3 }, (_, i) => ({ number: 3 + i, params: sampleParams(space, rng), loss: 5 }));
    const [s] = await sampler({ n_initial: 6 }).suggest(input(completed, { pruned, trialCount: 6 }));
    expect(s?.reason.fallback).toBeUndefined();
    expect(s?.reason.acquisition).toBe('log_ei');
    // A study whose best region was pruned over and over: the next suggestions never repeat one.
    const best = { x: 0.7, y: 0.3 };
    const history = { completed, pruned: [...pruned, { number: 6, params: best, loss: 0 }, { number: 7, params: { x: 0.7000001, y: 0.3 }, loss: 0 }] };
    const out = await sampler({ n_initial: 6 }).suggest(input(history.completed, { pruned: history.pruned, count: 4, trialCount: 8 }));
    for (const o of out) for (const p of history.pruned) expect(Math.max(Math.abs((o.params.x as number) - (p.params.x as number)), Math.abs((o.params.y as number) - (p.params.y as number)))).toBeGreaterThan(1e-6);
  });
});

describe('failed trials in the GP', () => {
  // UCB is optimistic about the success score as about the loss: it may try the uncertain edge of
  // the region (x up to 0.57 here, edge 0.5), never its inside (ignoring failures: 0.71-0.93).
  it.each([
    ['ei', 'log_ei*p_success', 0.55, 1],
    ['ts', 'thompson_constrained', 0.55, 1],
    ['ucb', 'ucb_constrained', 0.6, 0],
  ])('keep model-guided suggestions (%s) out of a region that always failed', async (acquisition, reason, edge, beyondEdge) => {
    const rng = new Rng(7);
    const completed: ObservedTrial[] = [];
    const failed: { number: number; params: Params }[] = [];
    // The optimum (0.7, 0.3) lies inside the failing region x > 0.5.
    for (let i = 0; i < 24; i++) {
      const params = sampleParams(space, rng);
      if ((params.x as number) > 0.5) failed.push({ number: i, params });
      else completed.push({ number: i, params, loss: bowl(params) });
    }
    const out = await sampler({ acquisition }).suggest(input(completed, { failed, count: 6, trialCount: 24 }));
    expect(out.map((o) => o.reason.acquisition)).toEqual(Array(6).fill(reason));
    expect(out.filter((o) => (o.params.x as number) > edge).length).toBeLessThanOrEqual(beyondEdge);
    const plain = await sampler({ acquisition }).suggest(input(completed, { count: 6, trialCount: 24 }));
    expect(plain.filter((o) => (o.params.x as number) > edge).length).toBeGreaterThanOrEqual(2);
  });

  it('are stand-ins, not measurements: the fit and the prediction at the best trial are those of the finished trials alone', () => {
    const rng = new Rng(11);
    const edgeBowl = (p: Params): number => ((p.x as number) - 0.6) ** 2 + 2 * ((p.y as number) - 0.4) ** 2;
    const completed = Array.from({ length: 20 }, (_, i) => { const params = sampleParams(space, rng); return { number: i, params, loss: edgeBowl(params) }; });
    completed.push({ number: 20, params: { x: 0.6, y: 0.38 }, loss: edgeBowl({ x: 0.6, y: 0.38 }) });
    // A crashing edge just beside the optimum (0.6, 0.4), as a learning rate just above the best diverges.
    const failed = [0.44, 0.47, 0.5].map((y, i) => ({ number: 21 + i, params: { x: 0.6, y } }));
    const settings = () => ({ maxTrain: 256, cache: new LruCache<CachedFit>(4), stream: 'stand-in test' });
    const plain = buildModel(space, observedTrials({ completed, pruned: [] }), settings());
    const withFailures = buildModel(space, observedTrials({ completed, pruned: [], failed }), settings());
    const scales = (m: typeof plain) => Array.from(m.gp.hyper.logLengthscales, Math.exp);
    scales(withFailures).forEach((l, f) => expect(Math.abs(l / (scales(plain)[f] as number) - 1)).toBeLessThan(0.01));
    expect(withFailures.warp.shape).toEqual(plain.warp.shape);
    // The prediction at the best trial stays its observed loss (within 1% of the observed range);
    // with the failures fitted at the worst loss it was 0.31 there, 20% of the range, for a loss of 0.
    const range = Math.max(...completed.map((t) => t.loss)) - Math.min(...completed.map((t) => t.loss));
    const best = completed[20] as { params: Params; loss: number };
    const mean = withFailures.warp.toLossUnits(withFailures.gp.predict(withFailures.encoder.encode(best.params)).mean, 0).mean;
    expect(Math.abs(mean - best.loss)).toBeLessThan(0.01 * range);
  });
});

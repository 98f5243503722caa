import { searchCandidates } from '../../../../src/core/optimize/optimize-acquisition';
import { Rng } from '../../../../src/core/rng';
import { sampleParams, validateSpace } from '../../../../src/core/space';
import type { Params } from '../../../../src/domain/space';
import { FollowerPool } from '../../../../src/samplers/gp/follower-pool';
import { BEYOND_DETAIL, gpFactory, POOLED_DETAIL, SPARE_DETAIL } from '../../../../src/samplers/gp/gp-sampler';
import { lossPlan } from '../../../../src/samplers/gp/loss-plan';
import { normalizeGpOptions } from '../../../../src/samplers/gp/options';
import type { ObservedTrial, SamplerInput } from '../../../../src/samplers/sampler';

const space = validateSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 }, c: { type: 'float', low: 0, high: 1 }, k: { type: 'int', low: 1, high: 4 } });
/** Two dips of different depth, so the believer's incumbent moves between them. */
const twoDips = (p: Params): number => {
  const [a, b, c, k] = [p.a as number, p.b as number, p.c as number, p.k as number];
  return -Math.exp(-8 * ((a - 0.2) ** 2 + (b - 0.7) ** 2 + (c - 0.4) ** 2)) - 0.8 * Math.exp(-10 * ((a - 0.8) ** 2 + (b - 0.2) ** 2)) + 0.05 * k;
};

function trials(seed: number, n: number): ObservedTrial[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const params = sampleParams(space, rng);
    return { number: i, params, loss: twoDips(params) };
  });
}

function input(completed: ObservedTrial[]): SamplerInput {
  return { space, completed, pruned: [], pending: [], count: 8, seed: 5, trialCount: completed.length, studySeed: 2, budget: { deadlineMs: 60_000, now: () => performance.now() } };
}

describe('FollowerPool: the later points of a round drawn from its candidates by lazy greedy evaluation', () => {
  it.each([['ei', 1], ['ei', 2], ['ucb', 3], ['ei', 4]] as const)('%s, history seed %i: each draw is the best acceptable candidate a full evaluation finds, with fewer evaluations', (acquisition, seed) => {
    const completed = trials(seed, 40);
    const options = normalizeGpOptions({ acquisition }, space);
    const plan = lossPlan(input(completed), completed, options, { maxTrain: options.max_train }, 12);
    const rng = new Rng(seed);
    const candidates = searchCandidates(plan.encoder, rng, { sobolCandidates: 256, incumbents: plan.incumbents, perturbationsPerIncumbent: 20 });
    const pool = new FollowerPool();
    pool.add(candidates);
    const taken: Float64Array[] = [];
    const acceptable = (p: { features: Float64Array }) => !taken.some((t) => t.every((v, i) => Math.abs(v - (p.features[i] as number)) < 1e-12));
    let lazyEvaluations = 0;
    for (let draw = 0; draw < 8; draw++) {
      const acq = plan.acquisition(rng.fork()).acquisition;
      const exact = candidates.filter(acceptable).map((p) => ({ p, value: acq.value(p.features) }));
      const best = exact.reduce((x, y) => (y.value > x.value ? y : x));
      const drawn = pool.best(acq, acceptable);
      expect(drawn).not.toBeNull();
      expect(drawn!.point.value).toBeCloseTo(best.value, 9);
      expect(Array.from(drawn!.point.features)).toEqual(Array.from(best.p.features));
      if (draw > 0) lazyEvaluations += drawn!.evaluations;
      taken.push(drawn!.point.features);
      plan.condition([drawn!.point.params]);
    }
    // The first draw evaluates every candidate; the 7 after it, far fewer than 7 full passes.
    expect(lazyEvaluations).toBeLessThan((7 * candidates.length) / 4);
  });

  it('returns null when no candidate is acceptable, and skips points without a finite value', () => {
    const completed = trials(7, 20);
    const options = normalizeGpOptions({}, space);
    const plan = lossPlan(input(completed), completed, options, { maxTrain: options.max_train }, 12);
    const pool = new FollowerPool();
    const [one] = searchCandidates(plan.encoder, new Rng(1), { sobolCandidates: 1, incumbents: [], perturbationsPerIncumbent: 0 });
    pool.add([{ ...one!, value: -Infinity }]);
    expect(pool.size).toBe(0);
    pool.add([one!, one!]);
    expect(pool.size).toBe(1);
    expect(pool.best(plan.acquisition(new Rng(1)).acquisition, () => false)).toBeNull();
  });
});

describe('gp rounds merged from several asks (SamplerInput.searchedPoints)', () => {
  const completed = trials(11, 30);
  const options = normalizeGpOptions({}, space);
  const ask = (searchedPoints?: number) =>
    gpFactory.create({ ...options }, space).suggest({ ...input(completed), count: 8, pending: [sampleParams(space, new Rng(3))], ...(searchedPoints === undefined ? {} : { searchedPoints }) });

  it('the first ask\'s points get a search each, the others\' come from the pool, all distinct and unevaluated', async () => {
    const round = await ask(2);
    // Later points are pooled, or (odd trial numbers only) beyond a basin the round's first point polishes.
    expect(round.slice(0, 2).some((s) => s.reason.detail === POOLED_DETAIL)).toBe(false);
    round.slice(2).forEach((s, i) => expect(s.reason.detail === POOLED_DETAIL || (s.reason.detail === BEYOND_DETAIL && (completed.length + 2 + i) % 2 === 1)).toBe(true));
    expect(round.filter((s) => s.reason.detail === POOLED_DETAIL).length).toBeGreaterThanOrEqual(3);
    expect(new Set(round.map((s) => JSON.stringify(s.params))).size).toBe(8);
    for (const s of round) {
      expect(s.reason.strategy).toBe('gp');
      expect(s.reason.fallback).toBeUndefined();
      expect(completed.some((t) => JSON.stringify(t.params) === JSON.stringify(s.params))).toBe(false);
    }
  });

  it('an ask of 8 (an explicit batch) keeps a search per point, and is what it was without the field', async () => {
    const batch = await ask();
    expect(batch.some((s) => s.reason.detail === POOLED_DETAIL)).toBe(false);
    expect(await ask(8)).toEqual(batch);
    // The comparison can tell: a merged round of the same history (one ask's point searched) differs.
    expect(await ask(1)).not.toEqual(batch);
  });

  it('Thompson sampling never pools (its draws are not bounded by earlier ones)', async () => {
    const ts = await gpFactory.create({ ...normalizeGpOptions({ acquisition: 'ts' }, space) }, space).suggest({ ...input(completed), count: 4, searchedPoints: 1 });
    expect(ts.some((s) => s.reason.detail === POOLED_DETAIL)).toBe(false);
  });
});

describe('spare points after a round (SamplerInput.sparePoints)', () => {
  const completed = trials(13, 30);
  const pending = [sampleParams(space, new Rng(4))];
  const ask = (acquisition: 'ei' | 'ts', extra: Partial<SamplerInput>) =>
    gpFactory.create({ ...normalizeGpOptions({ acquisition }, space) }, space).suggest({ ...input(completed), count: 4, pending, ...extra });
  const key = (p: Params): string => JSON.stringify(p);
  const unit = (p: Params): number[] => [p.a as number, p.b as number, p.c as number, ((p.k as number) - 1) / 3];

  it.each([[1], [4]])('with %i searched point(s): the round\'s points are what they are without spares, and the spares follow them, distinct, unevaluated and model-guided', async (searchedPoints) => {
    const without = await ask('ei', { searchedPoints });
    const withSpares = await ask('ei', { searchedPoints, sparePoints: 6 });
    expect(withSpares.slice(0, 4)).toEqual(without);
    const spares = withSpares.slice(4);
    expect(spares).toHaveLength(6);
    expect(new Set(withSpares.map((s) => key(s.params))).size).toBe(10);
    for (const s of spares) {
      expect(s.reason.detail).toBe(SPARE_DETAIL);
      expect(s.reason.strategy).toBe('gp');
      expect(s.reason.fallback).toBeUndefined();
      expect(typeof s.reason.predicted_mean).toBe('number');
      expect(completed.some((t) => key(t.params) === key(s.params))).toBe(false);
      // Conditioned on the round's points and the pending one: none lies on top of them.
      for (const other of [...pending, ...withSpares.filter((o) => o !== s).map((o) => o.params)]) {
        expect(Math.max(...unit(s.params).map((v, i) => Math.abs(v - (unit(other)[i] as number))))).toBeGreaterThan(1e-9);
      }
    }
  });

  it('Thompson sampling draws none (it pools nothing), and its round is unchanged', async () => {
    const ts = await ask('ts', { searchedPoints: 1, sparePoints: 6 });
    expect(ts).toEqual(await ask('ts', { searchedPoints: 1 }));
  });
});

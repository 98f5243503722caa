import { Rng } from '../../../../src/core/rng';
import type { Params, SearchSpace } from '../../../../src/domain/space';
import { gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import type { ObservedTrial } from '../../../../src/samplers/sampler';
import { BRANIN_CURRIN } from '../../../../bench/problems/multi-objective';
import { metrics, minimized, type ProblemBase } from '../../../../bench/problems/problem';
import { observe, outcomeInput } from '../../../helpers/mo-problems';

const gp = (options: Record<string, unknown> = {}, space: SearchSpace = BRANIN_CURRIN.space) => gpFactory.create(gpFactory.normalize(options, space), space);

/** BraninCurrin with one constraint, x0 + x1 <= 1.2 (slack x0 + x1 - 1.2). */
const CONSTRAINED: ProblemBase = {
  ...BRANIN_CURRIN,
  spec: { objectives: minimized(2), constraints: [{ name: 'sum', max: 1.2 }] },
  evaluate: (p) => metrics([...BRANIN_CURRIN.evaluate(p), ['sum', (p.x0 as number) + (p.x1 as number)]]),
};

/** CONSTRAINED with its first objective only. */
const ONE_OBJECTIVE: ProblemBase = { ...CONSTRAINED, spec: { ...CONSTRAINED.spec, objectives: minimized(1) } };

/** Eight scattered trials of a problem (a fixed pseudo-random design). */
function history(problem: ProblemBase, n = 8, seed = 1): ObservedTrial[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => observe(problem, i, { x0: rng.next(), x1: rng.next() }));
}

/** A problem of m objectives on the unit square (sums of shifted bowls) for smoke tests. */
function bowls(m: number): ProblemBase {
  return {
    name: `bowls-${m}`,
    about: `${m} shifted bowls on the unit square`,
    space: BRANIN_CURRIN.space,
    spec: { objectives: minimized(m), constraints: [] },
    evaluate: (p) => metrics(Array.from({ length: m }, (_, j) => [`f${j + 1}`, ((p.x0 as number) - j / m) ** 2 + ((p.x1 as number) - 1 + j / m) ** 2])),
  };
}

describe('gp sampler on studies with several objectives and constraints', () => {
  it('declares multi-objective support', () => {
    expect(gpFactory.multiObjective).toBe(true);
  });

  it('is deterministic: the same history and seed give the same batch, which avoids the pending point', async () => {
    const completed = history(CONSTRAINED);
    const input = () => outcomeInput(CONSTRAINED, completed, 7, { count: 2, pending: [{ x0: 0.3, x1: 0.3 }] });
    const a = await gp().suggest(input());
    const b = await gp().suggest(input());
    expect(a).toEqual(b);
    expect(a).toHaveLength(2);
    expect(a[0]?.params).not.toEqual(a[1]?.params);
    for (const s of a) expect(s.params).not.toEqual({ x0: 0.3, x1: 0.3 });
  });

  it('gives log-EHVI weighted by P(feasible), with a prediction per objective and per constraint', async () => {
    const [s] = await gp().suggest(outcomeInput(CONSTRAINED, history(CONSTRAINED), 3));
    const reason = s?.reason;
    expect(reason?.acquisition).toBe('log_ehvi*p_feasible');
    expect(reason?.predicted_objectives).toHaveLength(2);
    expect(reason?.predicted_constraints).toHaveLength(1);
    expect(reason?.predicted_mean).toBe(reason?.predicted_objectives?.[0]?.mean);
    expect(reason?.probability_feasible).toBeGreaterThanOrEqual(0);
    expect(reason?.probability_feasible).toBeLessThanOrEqual(1);
    for (const p of [...(reason?.predicted_objectives ?? []), ...(reason?.predicted_constraints ?? [])]) {
      expect(Number.isFinite(p.mean)).toBe(true);
      expect(p.std).toBeGreaterThan(0);
    }
  });

  it('maximises the probability of feasibility while no trial is feasible', async () => {
    // Feasible only for x0 <= 0.3; every trial so far has x0 >= 0.5.
    const problem: ProblemBase = {
      ...BRANIN_CURRIN,
      spec: { objectives: minimized(2), constraints: [{ name: 'x0', max: 0.3 }] },
      evaluate: (p) => metrics([...BRANIN_CURRIN.evaluate(p), ['x0', p.x0 as number]]),
    };
    const rng = new Rng(2);
    const completed = Array.from({ length: 8 }, (_, i) => observe(problem, i, { x0: 0.5 + 0.5 * rng.next(), x1: rng.next() }));
    const [s] = await gp().suggest(outcomeInput(problem, completed, 5));
    expect(s?.reason.acquisition).toBe('log_p_feasible');
    expect(s?.params.x0 as number).toBeLessThan(0.3);
    expect(s?.reason.probability_feasible).toBeGreaterThan(0.1);
  });

  it('weights by P(success) once trials failed, alongside the constraints', async () => {
    const completed = history(CONSTRAINED);
    const [s] = await gp().suggest(outcomeInput(CONSTRAINED, completed, 3, { failed: [{ number: 8, params: { x0: 0.9, x1: 0.9 } }], trialCount: 9 }));
    expect(s?.reason.acquisition).toBe('log_ehvi*p_feasible*p_success');
  });

  it.each([
    [{}, 'log_ehvi*p_success'],
    [{ acquisition: 'ts', candidates: 256 }, 'thompson_chebyshev_constrained'],
    [{ acquisition: 'ucb' }, 'ucb_chebyshev_constrained'],
  ])('keeps out of a region that always failed (%o)', async (options, reason) => {
    // Both objectives are best near x0 = 0.8-0.9, where every trial failed (x0 > 0.6).
    const problem: ProblemBase = {
      ...BRANIN_CURRIN,
      spec: { objectives: minimized(2), constraints: [] },
      evaluate: (p) => metrics([['f1', ((p.x0 as number) - 0.9) ** 2 + ((p.x1 as number) - 0.5) ** 2], ['f2', ((p.x0 as number) - 0.8) ** 2 + ((p.x1 as number) - 0.3) ** 2]]),
    };
    const rng = new Rng(4);
    const completed: ObservedTrial[] = [];
    const failed: { number: number; params: Params }[] = [];
    for (let i = 0; i < 20; i++) {
      const params = { x0: rng.next(), x1: rng.next() };
      if (params.x0 > 0.6) failed.push({ number: i, params });
      else completed.push(observe(problem, i, params));
    }
    const out = await gp(options).suggest(outcomeInput(problem, completed, 6, { failed, trialCount: 20, count: 6 }));
    expect(out.map((s) => s.reason.acquisition)).toEqual(Array(6).fill(reason));
    expect(out.filter((s) => (s.params.x0 as number) > 0.65).length).toBeLessThanOrEqual(1);
    const plain = await gp(options).suggest(outcomeInput(problem, completed, 6, { trialCount: 20, count: 6 }));
    expect(plain.filter((s) => (s.params.x0 as number) > 0.65).length).toBeGreaterThanOrEqual(2);
  });

  it('uses log-EI on the best feasible value for one constrained objective', async () => {
    const [s] = await gp().suggest(outcomeInput(ONE_OBJECTIVE, history(ONE_OBJECTIVE), 3));
    expect(s?.reason.acquisition).toBe('log_ei*p_feasible');
    expect(s?.reason.predicted_objectives).toHaveLength(1);
  });

  it.each([
    [3, {}, 'log_ehvi'],
    [4, {}, 'log_ei_chebyshev'],
    [2, { acquisition: 'ts', candidates: 256 }, 'thompson_chebyshev'],
    [3, { acquisition: 'ucb' }, 'ucb_chebyshev'],
  ] as const)('%i objectives with %j: acquisition %s, inside the space', async (m, options, acquisition) => {
    const problem = bowls(m);
    const suggestions = await gp(options).suggest(outcomeInput(problem, history(problem, 10), 11, { count: 2 }));
    expect(suggestions).toHaveLength(2);
    for (const s of suggestions) {
      expect(s.reason.acquisition).toBe(acquisition);
      expect(s.reason.predicted_objectives).toHaveLength(m);
      for (const k of ['x0', 'x1']) {
        expect(s.params[k]).toBeGreaterThanOrEqual(0);
        expect(s.params[k]).toBeLessThanOrEqual(1);
      }
    }
  });

  it('names constrained Thompson sampling and spreads a batch by fresh random weights', async () => {
    const suggestions = await gp({ acquisition: 'ts', candidates: 256 }).suggest(outcomeInput(CONSTRAINED, history(CONSTRAINED, 10), 4, { count: 3 }));
    expect(suggestions.map((s) => s.reason.acquisition)).toEqual(['thompson_chebyshev_constrained', 'thompson_chebyshev_constrained', 'thompson_chebyshev_constrained']);
    expect(new Set(suggestions.map((s) => JSON.stringify(s.params))).size).toBe(3);
  });

  it('keeps to the Sobol design while no trial is complete (pruned ones measured no constraint)', async () => {
    const pruned = Array.from({ length: 8 }, (_, i) => ({ number: i, params: { x0: i / 8, x1: 0.5 }, loss: i }));
    const [s] = await gp().suggest(outcomeInput(ONE_OBJECTIVE, [], 3, { pruned, trialCount: 8 }));
    expect(s?.reason).toEqual({ strategy: 'gp', detail: 'initial design: sobol point, no trial complete yet' });
  });

  it('keeps single-objective studies on the plain path (no per-outcome predictions)', async () => {
    const completed = history(BRANIN_CURRIN).map(({ number, params, loss }) => ({ number, params, loss }));
    const [s] = await gp().suggest({ ...outcomeInput(BRANIN_CURRIN, completed, 3), objectiveCount: 1, constraintCount: 0 });
    expect(s?.reason.acquisition).toBe('log_ei');
    expect(s?.reason.predicted_objectives).toBeUndefined();
  });
});

import type { Params, SearchSpace } from '../../src/domain/space';
import type { ObservedTrial, Sampler, SamplerInput } from '../../src/samplers/sampler';
import { Rng } from '../../src/core/rng';

/** A test problem with several objectives (as losses) and/or constraint slacks (g <= 0 holds). */
export interface OutcomeProblem {
  space: SearchSpace;
  objectives: number;
  constraints: number;
  evaluate(p: Params): { losses: number[]; slacks: number[] };
}

const branin = (a: number, b: number): number => (b - (5.1 / (4 * Math.PI ** 2)) * a * a + (5 / Math.PI) * a - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(a) + 10;
const unitSquare: SearchSpace = { x0: { type: 'float', low: 0, high: 1 }, x1: { type: 'float', low: 0, high: 1 } };
const num = (p: Params, k: string): number => p[k] as number;

/** BraninCurrin (Belakaria et al.): 2-D, 2 objectives; hypervolume reference [18, 6]. */
export const BRANIN_CURRIN: OutcomeProblem = {
  space: unitSquare,
  objectives: 2,
  constraints: 0,
  evaluate(p) {
    const [x0, x1] = [num(p, 'x0'), num(p, 'x1')];
    const currin = (1 - Math.exp(-1 / (2 * Math.max(x1, 1e-12)))) * ((2300 * x0 ** 3 + 1900 * x0 ** 2 + 2092 * x0 + 60) / (100 * x0 ** 3 + 500 * x0 ** 2 + 4 * x0 + 20));
    return { losses: [branin(15 * x0 - 5, 15 * x1), currin], slacks: [] };
  },
};

/** Gardner et al. 2014: min cos(2x0) cos(x1) + sin(x0) s.t. cos(x0) cos(x1) - sin(x0) sin(x1) <= 0.5 on [0, 6]^2; optimum -2. */
export const GARDNER: OutcomeProblem = {
  space: { x0: { type: 'float', low: 0, high: 6 }, x1: { type: 'float', low: 0, high: 6 } },
  objectives: 1,
  constraints: 1,
  evaluate(p) {
    const [a, b] = [num(p, 'x0'), num(p, 'x1')];
    return { losses: [Math.cos(2 * a) * Math.cos(b) + Math.sin(a)], slacks: [Math.cos(a) * Math.cos(b) - Math.sin(a) * Math.sin(b) - 0.5] };
  },
};

/** Branin with the disk (x0 - 2.5)^2 + (x1 - 7.5)^2 <= 50 (Gelbart et al. 2014); optimum 0.397887 at (pi, 2.275). */
export const BRANIN_DISK: OutcomeProblem = {
  space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
  objectives: 1,
  constraints: 1,
  evaluate(p) {
    const [a, b] = [num(p, 'x0'), num(p, 'x1')];
    return { losses: [branin(a, b)], slacks: [(a - 2.5) ** 2 + (b - 7.5) ** 2 - 50] };
  },
};

/** The trial a problem's evaluation makes (losses and slacks as the service passes them). */
export function observe(problem: OutcomeProblem, number: number, params: Params): ObservedTrial {
  const { losses, slacks } = problem.evaluate(params);
  return { number, params, loss: losses[0] as number, losses, constraints: slacks };
}

/** One ask of `sampler` on a problem's history, as the service makes it (seeds derived from `seed`). */
export function outcomeInput(problem: OutcomeProblem, completed: ObservedTrial[], seed: number, extra: Partial<SamplerInput> = {}): SamplerInput {
  return {
    space: problem.space,
    completed,
    pruned: [],
    failed: [],
    pending: [],
    count: 1,
    trialCount: completed.length,
    objectiveCount: problem.objectives,
    constraintCount: problem.constraints,
    seed: (seed ^ Math.imul(completed.length + 1, 0x9e3779b1)) >>> 0,
    studySeed: seed,
    budget: { deadlineMs: 1e9, now: () => 0 },
    ...extra,
  };
}

/** Runs a sampler (or uniform random search when null) for `evaluations` sequential asks. */
export async function runOutcomes(sampler: Sampler | null, problem: OutcomeProblem, evaluations: number, seed: number): Promise<ObservedTrial[]> {
  const completed: ObservedTrial[] = [];
  const rng = new Rng(seed + 1000);
  for (let i = 0; i < evaluations; i++) {
    let params: Params;
    if (sampler) {
      const [s] = await sampler.suggest(outcomeInput(problem, completed, seed));
      params = (s as { params: Params }).params;
    } else {
      params = Object.fromEntries(Object.entries(problem.space).map(([k, spec]) => [k, (spec as { low: number }).low + ((spec as { high: number }).high - (spec as { low: number }).low) * rng.next()]));
    }
    completed.push(observe(problem, i, params));
  }
  return completed;
}

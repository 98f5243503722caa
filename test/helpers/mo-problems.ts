import type { Params, SearchSpace } from '../../src/domain/space';
import { validateSpace } from '../../src/core/space';
import { hypervolume } from '../../src/core/pareto/hypervolume';
import type { ObservedTrial, Sampler } from '../../src/samplers/sampler';
import { inputFor } from '../../src/testing/sampler-kit';

/**
 * A test problem with several objectives (losses, minimised) and optional constraints in
 * "g <= 0 holds" form, with the reference point its hypervolume is measured against.
 */
export interface MoProblem {
  name: string;
  space: SearchSpace;
  objectives: number;
  constraints: number;
  reference: number[];
  evaluate(params: Params): { losses: number[]; slacks: number[] };
}

function unitSpace(d: number): SearchSpace {
  return validateSpace(Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: 'float', low: 0, high: 1 }])));
}

function coordinates(params: Params, d: number): number[] {
  return Array.from({ length: d }, (_, i) => params[`x${i}`] as number);
}

/** ZDT1 in d dimensions: a convex front f2 = 1 - sqrt(f1) at g = 1 (x1.. = 0). */
export function zdt1(d: number): MoProblem {
  return {
    name: `zdt1-${d}`,
    space: unitSpace(d),
    objectives: 2,
    constraints: 0,
    reference: [1.1, 11],
    evaluate(params) {
      const x = coordinates(params, d);
      const g = 1 + (9 / (d - 1)) * x.slice(1).reduce((s, v) => s + v, 0);
      return { losses: [x[0]!, g * (1 - Math.sqrt(x[0]! / g))], slacks: [] };
    },
  };
}

/** DTLZ2 with 3 objectives in d dimensions: the front is the positive octant of the unit sphere. */
export function dtlz2(d: number): MoProblem {
  return {
    name: `dtlz2-${d}`,
    space: unitSpace(d),
    objectives: 3,
    constraints: 0,
    reference: [1.1, 1.1, 1.1],
    evaluate(params) {
      const x = coordinates(params, d);
      const g = x.slice(2).reduce((s, v) => s + (v - 0.5) ** 2, 0);
      const [a, b] = [(x[0]! * Math.PI) / 2, (x[1]! * Math.PI) / 2];
      return { losses: [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)], slacks: [] };
    },
  };
}

/** SRN (Srinivas & Deb): 2 objectives, 2 constraints on [-20, 20]^2; about 16% of the box is feasible. */
export const srn: MoProblem = {
  name: 'srn',
  space: validateSpace({ x: { type: 'float', low: -20, high: 20 }, y: { type: 'float', low: -20, high: 20 } }),
  objectives: 2,
  constraints: 2,
  reference: [300, 50],
  evaluate(params) {
    const [x, y] = [params['x'] as number, params['y'] as number];
    return {
      losses: [2 + (x - 2) ** 2 + (y - 1) ** 2, 9 * x - (y - 1) ** 2],
      slacks: [x * x + y * y - 225, x - 3 * y + 10],
    };
  },
};

/** One objective on [-2, 2]^2 with a disk constraint x^2 + y^2 <= 1 (20% feasible); optimum at (1, 0)-ish. */
export const diskSphere: MoProblem = {
  name: 'disk-sphere',
  space: validateSpace({ x: { type: 'float', low: -2, high: 2 }, y: { type: 'float', low: -2, high: 2 } }),
  objectives: 1,
  constraints: 1,
  reference: [10],
  evaluate(params) {
    const [x, y] = [params['x'] as number, params['y'] as number];
    return { losses: [(x - 1.5) ** 2 + (y - 0.5) ** 2], slacks: [x * x + y * y - 1] };
  },
};

/** A mixed, conditional 2-objective problem: a categorical switches an int or a float on. */
export const mixedTwoObjective: MoProblem = {
  name: 'mixed',
  space: validateSpace({
    kind: { type: 'categorical', choices: ['a', 'b', 'c'] },
    u: { type: 'float', low: 0, high: 1 },
    n: { type: 'int', low: 1, high: 20, condition: { parent: 'kind', values: ['a'] } },
    r: { type: 'float', low: 1e-3, high: 1, log: true, condition: { parent: 'kind', values: ['b', 'c'] } },
  }),
  objectives: 2,
  constraints: 1,
  reference: [3, 3],
  evaluate(params) {
    const u = params['u'] as number;
    const shift = params['kind'] === 'a' ? Math.abs((params['n'] as number) - 7) / 20 : Math.abs(Math.log10(params['r'] as number) + 1.5) / 3;
    const bias = params['kind'] === 'c' ? 0.3 : 0;
    return { losses: [u + shift + bias, 1 - u + shift + bias], slacks: [0.2 - u] };
  },
};

/** A finished trial of a problem: what a sampler sees. */
export function observe(problem: MoProblem, number: number, params: Params): ObservedTrial {
  const { losses, slacks } = problem.evaluate(params);
  return { number, params, loss: losses[0]!, losses, ...(problem.constraints > 0 ? { constraints: slacks } : {}) };
}

/** Asks `sampler` one point at a time for `budget` evaluations of `problem`; returns the trials in order. */
export async function optimise(sampler: Sampler, problem: MoProblem, budget: number, seed: number): Promise<ObservedTrial[]> {
  const completed: ObservedTrial[] = [];
  for (let i = 0; i < budget; i++) {
    const input = inputFor(problem.space, { completed: completed.slice(), objectiveCount: problem.objectives, constraintCount: problem.constraints, seed: seed * 100003 + i, studySeed: seed, trialCount: i });
    const [s] = await sampler.suggest(input);
    completed.push(observe(problem, i, s!.params));
  }
  return completed;
}

/** The hypervolume of the feasible trials' losses against the problem's reference point. */
export function feasibleHypervolume(problem: MoProblem, trials: readonly ObservedTrial[]): number {
  const feasible = trials.filter((t) => (t.constraints ?? []).every((g) => g <= 0));
  return hypervolume(feasible.map((t) => t.losses ?? [t.loss]), problem.reference);
}

/** The median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

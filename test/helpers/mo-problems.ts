import type { Params } from '../../src/domain/space';
import { validateSpace } from '../../src/core/space/validate-space';
import { hypervolume } from '../../src/core/pareto/hypervolume';
import { Rng } from '../../src/core/rng';
import type { ObservedTrial, Sampler, SamplerInput } from '../../src/samplers/sampler';
import { inputFor } from '../../src/testing/sampler-kit';
import { observed } from '../../bench/mo/harness';
import { metrics, minimized, type ProblemBase } from '../../bench/problems/problem';
import { dtlz2Definition, zdt1Definition, type ParetoDefinition } from '../../bench/problems/multi-objective';

/**
 * Test problems with several objectives and/or outcome constraints. The benchmark's problems
 * (bench/problems: BRANIN_CURRIN, GARDNER, BRANIN_DISK, SRN, ...) are used as they are; this file
 * adds the variants and the problems only the tests use, in the same form (a spec and an
 * `evaluate` returning every metric as a Map), and the drivers that run a sampler on them.
 */

/** ZDT1 in d dimensions, reference (1.1, 11): a convex front f2 = 1 - sqrt(f1) at g = 1 (x1.. = 0). */
export function zdt1(d: number): ParetoDefinition {
  return { ...zdt1Definition(d, [1.1, 11]), name: `zdt1-${d}` };
}

/** DTLZ2 with 3 objectives in d dimensions, reference (1.1, 1.1, 1.1): the front is the positive octant of the unit sphere. */
export function dtlz2(d: number): ParetoDefinition {
  return { ...dtlz2Definition(d, [1.1, 1.1, 1.1]), name: `dtlz2-${d}` };
}

/** One objective on [-2, 2]^2 with a disk constraint x^2 + y^2 <= 1 (20% feasible); optimum at (1, 0)-ish. */
export const diskSphere: ProblemBase = {
  name: 'disk-sphere',
  about: 'a shifted sphere on [-2,2]^2, constraint x^2 + y^2 <= 1',
  space: validateSpace({ x: { type: 'float', low: -2, high: 2 }, y: { type: 'float', low: -2, high: 2 } }),
  spec: { objectives: [{ name: 'value', direction: 'minimize' }], constraints: [{ name: 'r2', max: 1 }] },
  evaluate(params) {
    const [x, y] = [params['x'] as number, params['y'] as number];
    return metrics([['value', (x - 1.5) ** 2 + (y - 0.5) ** 2], ['r2', x * x + y * y]]);
  },
};

/** A mixed, conditional 2-objective problem: a categorical switches an int or a float on; constraint u >= 0.2. */
export const mixedTwoObjective: ProblemBase = {
  name: 'mixed',
  about: 'a categorical switching an int or a log float on, 2 objectives, constraint u >= 0.2',
  space: validateSpace({
    kind: { type: 'categorical', choices: ['a', 'b', 'c'] },
    u: { type: 'float', low: 0, high: 1 },
    n: { type: 'int', low: 1, high: 20, condition: { parent: 'kind', values: ['a'] } },
    r: { type: 'float', low: 1e-3, high: 1, log: true, condition: { parent: 'kind', values: ['b', 'c'] } },
  }),
  spec: { objectives: minimized(2), constraints: [{ name: 'u', min: 0.2 }] },
  evaluate(params) {
    const u = params['u'] as number;
    const shift = params['kind'] === 'a' ? Math.abs((params['n'] as number) - 7) / 20 : Math.abs(Math.log10(params['r'] as number) + 1.5) / 3;
    const bias = params['kind'] === 'c' ? 0.3 : 0;
    return metrics([['f1', u + shift + bias], ['f2', 1 - u + shift + bias], ['u', u]]);
  },
};

/** A finished trial of a problem: what a sampler sees (losses and constraint slacks as the service passes them). */
export function observe(problem: ProblemBase, number: number, params: Params): ObservedTrial {
  return observed(problem, number, params, problem.evaluate(params));
}

/** Evaluates `budget` points in turn, each from `next` given the trials so far; returns the trials in order. */
async function drive(problem: ProblemBase, budget: number, next: (completed: ObservedTrial[]) => Promise<Params>): Promise<ObservedTrial[]> {
  const completed: ObservedTrial[] = [];
  for (let i = 0; i < budget; i++) completed.push(observe(problem, i, await next(completed)));
  return completed;
}

/** The params of a sampler's first suggestion. */
async function firstSuggestion(sampler: Sampler, input: SamplerInput): Promise<Params> {
  const [s] = await sampler.suggest(input);
  if (!s) throw new Error(`${sampler.type} returned no suggestion`);
  return s.params;
}

/** Asks `sampler` one point at a time for `budget` evaluations of `problem` (seeds per sampler-kit's inputFor); returns the trials in order. */
export function optimise(sampler: Sampler, problem: ProblemBase, budget: number, seed: number): Promise<ObservedTrial[]> {
  return drive(problem, budget, (completed) =>
    firstSuggestion(sampler, inputFor(problem.space, { completed: completed.slice(), objectiveCount: problem.spec.objectives.length, constraintCount: problem.spec.constraints.length, seed: seed * 100003 + completed.length, studySeed: seed, trialCount: completed.length })),
  );
}

/** One ask of `sampler` on a problem's history, as the service makes it (seeds derived from `seed`). */
export function outcomeInput(problem: ProblemBase, completed: ObservedTrial[], seed: number, extra: Partial<SamplerInput> = {}): SamplerInput {
  return {
    space: problem.space,
    completed,
    pruned: [],
    failed: [],
    pending: [],
    count: 1,
    trialCount: completed.length,
    objectiveCount: problem.spec.objectives.length,
    constraintCount: problem.spec.constraints.length,
    seed: (seed ^ Math.imul(completed.length + 1, 0x9e3779b1)) >>> 0,
    studySeed: seed,
    budget: { deadlineMs: 1e9, now: () => 0 },
    ...extra,
  };
}

/** Runs a sampler (or uniform random search on a float space when null) for `evaluations` sequential asks made by outcomeInput. */
export function runOutcomes(sampler: Sampler | null, problem: ProblemBase, evaluations: number, seed: number): Promise<ObservedTrial[]> {
  const rng = new Rng(seed + 1000);
  const uniform = (): Params => Object.fromEntries(Object.entries(problem.space).map(([k, spec]) => [k, (spec as { low: number }).low + ((spec as { high: number }).high - (spec as { low: number }).low) * rng.next()]));
  return drive(problem, evaluations, async (completed) => (sampler ? firstSuggestion(sampler, outcomeInput(problem, completed, seed)) : uniform()));
}

/** The hypervolume of the feasible trials' losses against the problem's reference point. */
export function feasibleHypervolume(problem: ParetoDefinition, trials: readonly ObservedTrial[]): number {
  const feasible = trials.filter((t) => (t.constraints ?? []).every((g) => g <= 0));
  return hypervolume(feasible.map((t) => t.losses ?? [t.loss]), problem.reference);
}

import { hypervolume } from '../../src/core/pareto/hypervolume';
import { Rng } from '../../src/core/rng';
import { constraintSlacks, constraintViolations, isFeasible, isMultiObjective, lossVector } from '../../src/domain/objectives';
import { createSampler, normalizeSamplerConfig } from '../../src/samplers/registry';
import { isPlannedStart, type ObservedTrial, type SamplerInput } from '../../src/samplers/sampler';
import type { MoBenchProblem, ProblemBase } from '../problems/problem';

/** One optimisation run of one sampler on one problem. */
export interface MoRun {
  /**
   * gap[i], after evaluation i + 1: for a Pareto problem the true hypervolume minus that of the
   * feasible evaluations so far (against the problem's reference); for a constrained
   * single-objective one the best feasible value so far minus f* (Infinity until one is feasible).
   */
  gap: number[];
  /** feasible[i]: evaluation i met every constraint. */
  feasible: boolean[];
  /** initialDesign[i]: the sampler's reason marks suggestion i as part of its initial design (isPlannedStart). */
  initialDesign: boolean[];
  /** Mean milliseconds per ask (wall). */
  msPerAsk: number;
  /** Suggestions whose reason reports a deadline fallback. */
  deadlineFallbacks: number;
}


/**
 * A trial as the service would hand it to a sampler: losses (every objective, minimised) and
 * constraint slacks (g <= 0 holds) from the tell's `values`, by domain/objectives, when the
 * problem's spec has several objectives or any constraint; only `loss` otherwise.
 */
export function observed(problem: Pick<ProblemBase, 'spec'>, number: number, params: ObservedTrial['params'], values: ReadonlyMap<string, number>): ObservedTrial {
  const losses = lossVector(problem.spec, values);
  const richer = isMultiObjective(problem.spec) || problem.spec.constraints.length > 0;
  return richer ? { number, params, loss: losses[0]!, losses, constraints: constraintSlacks(problem.spec, values) } : { number, params, loss: losses[0]! };
}

/**
 * Drives the registry's sampler `samplerType` (default options) in-process through SamplerInput,
 * as the service would: one ask per trial (count 1, nothing pending), `objectiveCount` and
 * `constraintCount` from the problem's spec, the tell's metrics turned into losses and constraint
 * slacks by domain/objectives. Seeds as bench/harness.ts derives them, so a seed means the same
 * study seed in both benchmarks.
 */
export async function runMoOptimization(samplerType: string, problem: MoBenchProblem, budget: number, seed: number, deadlineMs: number): Promise<MoRun> {
  const sampler = createSampler(normalizeSamplerConfig({ type: samplerType }, problem.space), problem.space);
  const completed: ObservedTrial[] = [];
  const feasibleLosses: number[][] = [];
  const run: MoRun = { gap: [], feasible: [], initialDesign: [], msPerAsk: 0, deadlineFallbacks: 0 };
  let reached = problem.kind === 'pareto' ? 0 : Infinity;
  let ms = 0;
  const studySeed = new Rng(seed).nextUint32();
  for (let i = 0; i < budget; i++) {
    const input: SamplerInput = {
      space: problem.space, completed, pruned: [], failed: [], pending: [], count: 1, trialCount: i,
      objectiveCount: problem.spec.objectives.length, constraintCount: problem.spec.constraints.length,
      seed: (studySeed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0, studySeed,
      budget: { deadlineMs, now: () => performance.now() },
    };
    const t0 = performance.now();
    const [suggestion] = await sampler.suggest(input);
    ms += performance.now() - t0;
    if (!suggestion) throw new Error(`${samplerType} returned no suggestion`);
    if (suggestion.reason.fallback?.includes('deadline')) run.deadlineFallbacks++;
    const values = problem.evaluate(suggestion.params);
    const trial = observed(problem, i, suggestion.params, values);
    completed.push(trial);
    const feasible = isFeasible(constraintViolations(problem.spec, values));
    if (feasible && problem.kind === 'pareto') {
      feasibleLosses.push(trial.losses ?? [trial.loss]);
      reached = hypervolume(feasibleLosses, problem.reference);
    } else if (feasible) {
      reached = Math.min(reached, trial.loss);
    }
    run.gap.push(problem.kind === 'pareto' ? problem.trueHypervolume - reached : reached - problem.fStar);
    run.feasible.push(feasible);
    run.initialDesign.push(isPlannedStart(suggestion.reason));
  }
  run.msPerAsk = ms / budget;
  return run;
}

import type { MoBenchProblem } from '../problems/problem';
import { runMoOptimization, type MoRun } from './harness';
import { summarizeRuns, type ProblemSummary } from './summary';

/** What to run: every sampler (registry type, default options) on every problem, once per seed. */
export interface MoBenchOptions {
  problems: readonly MoBenchProblem[];
  samplers: readonly string[];
  seeds: readonly number[];
  /** Evaluations per run. */
  budget: number;
  /** The ask deadline given to samplers, in ms (the server's default is 2000). */
  deadlineMs: number;
}

/** The figures of one bench:mo run. */
export interface MoBenchReport {
  budget: number;
  seeds: number[];
  /** Evaluation counts at which gaps are reported: those of 20, 40, 60, 100 below the budget, then the budget. */
  checkpoints: number[];
  problems: ProblemSummary[];
}

/** The evaluation counts reported for a budget (issue 13: 20, 40, 60 and 100). */
export function checkpointsFor(budget: number): number[] {
  return [20, 40, 60, 100].filter((c) => c < budget).concat([budget]);
}

/** Runs the benchmark, calling `onProblem` with each problem's summary as soon as it is done. */
export async function runMoBenchmark(options: MoBenchOptions, onProblem: (summary: ProblemSummary) => void = () => undefined): Promise<MoBenchReport> {
  const checkpoints = checkpointsFor(options.budget);
  const problems: ProblemSummary[] = [];
  for (const problem of options.problems) {
    const summary: ProblemSummary = { problem: problem.name, about: problem.about, kind: problem.kind, measure: problem.kind === 'pareto' ? 'log10 HV gap' : 'log10 regret', samplers: [] };
    for (const sampler of options.samplers) {
      const runs: MoRun[] = [];
      for (const seed of options.seeds) runs.push(await runMoOptimization(sampler, problem, options.budget, seed, options.deadlineMs));
      summary.samplers.push(summarizeRuns(sampler, problem, runs, checkpoints));
    }
    problems.push(summary);
    onProblem(summary);
  }
  return { budget: options.budget, seeds: [...options.seeds], checkpoints, problems };
}

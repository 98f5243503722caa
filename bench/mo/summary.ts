import type { MoBenchProblem } from '../problems/problem';
import type { MoRun } from './harness';
import { median } from '../../src/pruners/median';

/** A regret or gap at or below this counts as an exact hit (log10 floor -12). */
const FLOOR = 1e-12;
/** The regret the constrained single-objective target asks for (issue 13). */
export const REGRET_TARGET = 1e-3;

/** log10 of a gap or regret, floored at 1e-12 (Infinity stays Infinity: no feasible point yet). */
export function logGap(gap: number): number {
  return Math.log10(Math.max(gap, FLOOR));
}

/** log10 gap over seeds after a number of evaluations: median, mean and the worst seed's (the largest). */
export interface CheckpointStats {
  evaluations: number;
  median: number;
  mean: number;
  worst: number;
}

/** One sampler on one problem, over every seed. */
export interface SamplerSummary {
  sampler: string;
  checkpoints: CheckpointStats[];
  /** Feasible evaluations among those not marked initial design, pooled over seeds (0..1); null when there were none or the problem has no constraints. */
  feasibleShare: number | null;
  msPerAsk: number;
  deadlineFallbacks: number;
  /**
   * Constrained single-objective problems: the median over seeds of the evaluations needed to get
   * within REGRET_TARGET of f* (Infinity for a seed that never does). Absent on Pareto problems.
   */
  medianEvaluationsToTarget?: number;
  /** Final log10 gap of each seed, in seed order. */
  finalBySeed: number[];
}

/** What bench:mo reports of one problem. */
export interface ProblemSummary {
  problem: string;
  /** The problem's one-line description. */
  about: string;
  kind: MoBenchProblem['kind'];
  /** What `checkpoints` measure: 'log10 HV gap' or 'log10 regret'. */
  measure: string;
  samplers: SamplerSummary[];
}

/** Summarises the runs (one per seed) of one sampler at the given evaluation counts (each <= every run's length). */
export function summarizeRuns(sampler: string, problem: MoBenchProblem, runs: readonly MoRun[], checkpoints: readonly number[]): SamplerSummary {
  const stats = checkpoints.map((evaluations) => {
    const logs = runs.map((r) => logGap(r.gap[evaluations - 1]!));
    return { evaluations, median: median(logs), mean: logs.reduce((a, b) => a + b, 0) / logs.length, worst: Math.max(...logs) };
  });
  let guided = 0;
  let feasible = 0;
  for (const r of runs) {
    r.feasible.forEach((f, i) => {
      if (r.initialDesign[i]) return;
      guided++;
      if (f) feasible++;
    });
  }
  const summary: SamplerSummary = {
    sampler,
    checkpoints: stats,
    feasibleShare: guided > 0 && problem.spec.constraints.length > 0 ? feasible / guided : null,
    msPerAsk: runs.reduce((s, r) => s + r.msPerAsk, 0) / runs.length,
    deadlineFallbacks: runs.reduce((s, r) => s + r.deadlineFallbacks, 0),
    finalBySeed: runs.map((r) => logGap(r.gap[r.gap.length - 1]!)),
  };
  if (problem.kind === 'constrained') {
    summary.medianEvaluationsToTarget = median(runs.map((r) => {
      const hit = r.gap.findIndex((g) => g <= REGRET_TARGET);
      return hit < 0 ? Infinity : hit + 1;
    }));
  }
  return summary;
}

/** The stats at exactly `evaluations`, if that checkpoint was reported. */
export function statsAt(summary: SamplerSummary | undefined, evaluations: number): CheckpointStats | undefined {
  return summary?.checkpoints.find((c) => c.evaluations === evaluations);
}

import type { AskLatency } from './latency';
import type { MoBenchReport } from './run';
import { REGRET_TARGET, statsAt, type ProblemSummary, type SamplerSummary } from './summary';
import { formatLog } from './table';

/** The samplers the gp must beat (issue 13): genetic (NSGA-II), tpe (MOTPE) and random. */
const RIVALS = ['genetic', 'tpe', 'random'];
/** Problems on which the gp's gap at 60 must be at most half of NSGA-II's at 100. */
const HALF_OF_NSGA = ['branin_currin', 'zdt1', 'dtlz2'];
/** Constrained single-objective problems where the gp must get within 1e-3 of f* in 40 evaluations (median). */
const REACH_IN_40 = ['gardner', 'branin_disk'];
/** The ask-latency target in ms. */
const LATENCY_TARGET_MS = 300;

const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
const find = (p: ProblemSummary, sampler: string): SamplerSummary | undefined => p.samplers.find((s) => s.sampler === sampler);

/** "gp beats NSGA-II, MOTPE and random at 60 evaluations", per problem, on median log10 gaps. */
function beatsAt60(p: ProblemSummary): string {
  const gp = statsAt(find(p, 'gp'), 60);
  const rivals = RIVALS.map((name) => ({ name, at60: statsAt(find(p, name), 60) }));
  const name = `gp beats genetic, tpe and random at 60 on ${p.problem}`;
  if (!gp || rivals.some((r) => !r.at60)) return `${name}: not judged (needs gp, ${RIVALS.join(', ')} and a budget >= 60)`;
  const met = rivals.every((r) => gp.median < r.at60!.median);
  return `${name}: ${verdict(met)} (median ${p.measure}: gp ${formatLog(gp.median)}; ${rivals.map((r) => `${r.name} ${formatLog(r.at60!.median)}`).join(', ')})`;
}

/** "gp's hypervolume gap at 60 is at most half of NSGA-II's at 100", on medians. */
function halfOfNsga(p: ProblemSummary): string {
  const gp = statsAt(find(p, 'gp'), 60);
  const nsga = statsAt(find(p, 'genetic'), 100);
  const name = `gp's HV gap at 60 <= half of genetic's at 100 on ${p.problem}`;
  if (!gp || !nsga) return `${name}: not judged (needs gp and genetic and a budget >= 100)`;
  return `${name}: ${verdict(gp.median <= nsga.median - Math.log10(2))} (median log10 gap: gp@60 ${formatLog(gp.median)}, genetic@100 ${formatLog(nsga.median)}, half of it ${formatLog(nsga.median - Math.log10(2))})`;
}

/** "the constrained GP reaches the feasible optimum within 1e-3 in at most 40 evaluations, median over seeds". */
function reachIn40(p: ProblemSummary): string {
  const gp = find(p, 'gp');
  const name = `gp within ${REGRET_TARGET} of the feasible optimum in <= 40 evaluations on ${p.problem}`;
  if (gp?.medianEvaluationsToTarget === undefined) return `${name}: not judged (needs gp)`;
  return `${name}: ${verdict(gp.medianEvaluationsToTarget <= 40)} (median evaluations ${gp.medianEvaluationsToTarget}; median log10 regret @40 ${formatLog(statsAt(gp, 40)?.median ?? NaN)})`;
}

/** One line per target of issue 13 that this report (and latency measurement, if any) can judge. */
export function targetLines(report: MoBenchReport, latency: AskLatency | null): string[] {
  const lines = report.problems.map(beatsAt60);
  for (const p of report.problems) if (HALF_OF_NSGA.includes(p.problem)) lines.push(halfOfNsga(p));
  for (const p of report.problems) if (REACH_IN_40.includes(p.problem)) lines.push(reachIn40(p));
  const latencyName = `ask latency at 200 trials, 2 objectives, 1 constraint <= ${LATENCY_TARGET_MS} ms`;
  if (latency && latency.trials === 200) lines.push(`${latencyName}: ${verdict(latency.medianMs <= LATENCY_TARGET_MS)} (${latency.sampler}: median ${latency.medianMs.toFixed(0)} ms over ${latency.asksMs.length} asks)`);
  else lines.push(`${latencyName}: not judged (run with gp and --latency-trials 200)`);
  return lines;
}

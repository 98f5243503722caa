import type { ProblemSummary } from './summary';

/** A log10 figure with two decimals, 'inf' where no feasible point was found. */
export function formatLog(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : 'inf';
}

/**
 * The lines bench:mo prints for one problem: a header, then one row per sampler with the median /
 * mean / worst-seed log10 gap (or regret) at each checkpoint, the share of feasible suggestions
 * after the initial design (constrained problems), mean ms per ask, and deadline fallbacks if any.
 */
export function problemTable(summary: ProblemSummary, checkpoints: readonly number[]): string[] {
  const constrained = summary.samplers.some((s) => s.medianEvaluationsToTarget !== undefined);
  const header = ['sampler'.padEnd(10), ...checkpoints.map((c) => `@${c} med / mean / worst`.padStart(24)), 'feasible'.padStart(9), 'ms/ask'.padStart(8)];
  if (constrained) header.push('evals to 1e-3'.padStart(14));
  const lines = [`${summary.problem}: ${summary.about} (${summary.measure})`, header.join(' ')];
  for (const s of summary.samplers) {
    const cells = s.checkpoints.map((c) => `${formatLog(c.median)} / ${formatLog(c.mean)} / ${formatLog(c.worst)}`.padStart(24));
    const share = s.feasibleShare === null ? '-' : `${(100 * s.feasibleShare).toFixed(0)}%`;
    const row = [s.sampler.padEnd(10), ...cells, share.padStart(9), s.msPerAsk.toFixed(1).padStart(8)];
    if (constrained) row.push(String(s.medianEvaluationsToTarget ?? '-').padStart(14));
    if (s.deadlineFallbacks > 0) row.push(`(${s.deadlineFallbacks} deadline fallbacks)`);
    lines.push(row.join(' '));
  }
  return lines;
}

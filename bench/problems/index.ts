import { BNH, BRANIN_DISK, GARDNER, SRN } from './constrained';
import { BRANIN_CURRIN, DTLZ2, MIXED, ZDT1 } from './multi-objective';
import type { MoBenchProblem } from './problem';
import { withDenseGridHypervolume } from './true-fronts';

/**
 * The problems of `npm run bench:mo` (issue 13), in report order. Reference points (loss space,
 * every objective minimised): branin_currin (18, 6); zdt1 (11, 11); dtlz2 (1.1, 1.1, 1.1); mixed
 * (1, 1); bnh (150, 55); srn (250, 0). gardner and branin_disk are judged by regret instead.
 */
export const MO_BENCH_PROBLEMS: readonly MoBenchProblem[] = [
  withDenseGridHypervolume(BRANIN_CURRIN),
  ZDT1,
  DTLZ2,
  withDenseGridHypervolume(MIXED),
  GARDNER,
  BRANIN_DISK,
  withDenseGridHypervolume(BNH),
  withDenseGridHypervolume(SRN),
];

/** The problem of a name; throws listing the known names. */
export function moBenchProblem(name: string): MoBenchProblem {
  const problem = MO_BENCH_PROBLEMS.find((p) => p.name === name);
  if (!problem) throw new Error(`unknown problem "${name}"; known: ${MO_BENCH_PROBLEMS.map((p) => p.name).join(', ')}`);
  return problem;
}

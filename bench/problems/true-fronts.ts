import TRUE_FRONTS from './true-fronts.json';
import type { ParetoProblem } from './problem';
import { BNH, SRN } from './constrained';
import { BRANIN_CURRIN, MIXED, type ParetoDefinition } from './multi-objective';
import { linspace, type DenseGrid } from './dense-front';

/** A problem whose true hypervolume is computed by dense enumeration, and its grid at n points per float axis. */
export interface DenseGridProblem {
  definition: ParetoDefinition;
  grid(n: number): DenseGrid;
}

/** The problems without an analytic front. The mixed one fixes y = 0.7 (see MIXED) and gives x ten times n points. */
export const DENSE_GRID_PROBLEMS: readonly DenseGridProblem[] = [
  { definition: BRANIN_CURRIN, grid: (n) => ({ x0: linspace(0, 1, n), x1: linspace(0, 1, n) }) },
  { definition: MIXED, grid: (n) => ({ x: linspace(0, 1, 10 * n), y: [0.7], k: linspace(0, 10, 11), c: ['a', 'b', 'c'] }) },
  { definition: BNH, grid: (n) => ({ x0: linspace(0, 5, n), x1: linspace(0, 3, n) }) },
  { definition: SRN, grid: (n) => ({ x0: linspace(-20, 20, n), x1: linspace(-20, 20, n) }) },
];

/**
 * One entry of bench/problems/true-fronts.json (written by make-true-fronts.ts): the reference it
 * was computed for, the hypervolume at `points` grid points per float axis refined `refinements`
 * times around the front, and the same from half as many points per axis as a
 * check of convergence (the grid hypervolume grows towards the true one as the grid refines).
 */
export interface TrueFrontEntry {
  reference: number[];
  points: number;
  /** Rounds of local refinement around the front (see denseFront). */
  refinements: number;
  hypervolume: number;
  halfGridHypervolume: number;
  evaluations: number;
  frontSize: number;
}

/** The cached entries by problem name. */
export function trueFrontEntries(): ReadonlyMap<string, TrueFrontEntry> {
  // NOTE: the json's inferred type follows its current contents; the shape it must have is TrueFrontEntry.
  const cache: unknown = TRUE_FRONTS;
  return new Map(Object.entries((cache as { problems: Record<string, TrueFrontEntry> }).problems));
}

/** The definition with its cached dense-grid hypervolume; throws when the cache lacks it or was made for another reference. */
export function withDenseGridHypervolume(definition: ParetoDefinition): ParetoProblem {
  const entry = trueFrontEntries().get(definition.name);
  if (!entry || entry.reference.join() !== definition.reference.join()) {
    throw new Error(`bench/problems/true-fronts.json has no front of ${definition.name} for reference ${definition.reference.join()}: run npm run bench:mo:fronts`);
  }
  return { ...definition, kind: 'pareto', trueHypervolume: entry.hypervolume, hypervolumeSource: 'dense grid' };
}

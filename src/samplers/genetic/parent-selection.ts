import type { SearchSpace } from '../../domain/space';
import { nondominatedRanks } from '../../domain/objectives';
import { crowdingDistances } from '../../core/pareto/crowding-distance';
import { encodeUnitPoint } from '../../core/space';
import type { ObservedTrial, SamplerInput } from '../sampler';
import { constrainedLossOrder, isSingleUnconstrained, outcomeOf, violationOf } from '../common/outcomes';
import { lowerLoss, type Better, type Member } from './genetic-operators';

/** A completed trial as a parent: its genes and loss (Member), trial number and standing. */
export interface Parent extends Member {
  number: number;
  /** Total constraint violation, in the metrics' units (0 when feasible or unconstrained). */
  violation: number;
  /** Non-dominated rank under constrained domination (0 = first front); 0 outside NSGA-II. */
  rank: number;
  /** Crowding distance within its front (Infinity at the front's ends); 0 outside NSGA-II. */
  crowding: number;
}

/**
 * How one ask picks parents: the pool (the survivors, at most population_size trials), the
 * tournament size and rule, and the strategy and words of each child's reason.
 */
export interface Selection {
  strategy: 'genetic' | 'nsga2';
  pool: Parent[];
  tournamentSize: number;
  better: Better<Parent>;
  describe(mother: Parent, father: Parent): string;
}

/** NSGA-II's binary tournament. */
const NSGA2_TOURNAMENT = 2;

/**
 * The selection for the study's objectives. One objective, no constraint: the best
 * `populationSize` trials by loss, tournaments of `tournamentSize` on loss (unchanged from before
 * multi-objective studies). One objective with constraints: constrained domination, which for one
 * objective is the order (total violation, loss): feasible trials first. Several objectives:
 * NSGA-II (see nsga2Survivors), binary tournaments on (rank, crowding distance).
 */
export function selectionFor(input: SamplerInput, space: SearchSpace, populationSize: number, tournamentSize: number): Selection {
  const parent = (t: ObservedTrial, rank = 0, crowding = 0): Parent => ({ unit: encodeUnitPoint(space, t.params), loss: t.loss, number: t.number, violation: violationOf(t), rank, crowding });
  if (isSingleUnconstrained(input)) {
    return {
      strategy: 'genetic',
      pool: input.completed.slice().sort((a, b) => a.loss - b.loss || a.number - b.number).slice(0, populationSize).map((t) => parent(t)),
      tournamentSize,
      better: lowerLoss,
      describe: (m, f) => `child of trials with losses ${m.loss} and ${f.loss}`,
    };
  }
  if ((input.objectiveCount ?? 1) <= 1) {
    return {
      strategy: 'genetic',
      pool: input.completed.slice().sort((a, b) => constrainedLossOrder(a, b) || a.number - b.number).slice(0, populationSize).map((t) => parent(t)),
      tournamentSize,
      better: (a, b) => a.violation < b.violation || (a.violation === b.violation && a.loss < b.loss),
      describe: (m, f) => `constrained: child of trials ${m.number} (${standing(m)}) and ${f.number} (${standing(f)})`,
    };
  }
  return {
    strategy: 'nsga2',
    pool: nsga2Survivors(input.completed, populationSize).map((s) => parent(s.trial, s.rank, s.crowding)),
    tournamentSize: NSGA2_TOURNAMENT,
    better: (a, b) => a.rank < b.rank || (a.rank === b.rank && a.crowding > b.crowding),
    describe: (m, f) => `child of trials ${m.number} (rank ${m.rank}) and ${f.number} (rank ${f.rank}) by crowded tournament`,
  };
}

function standing(p: Parent): string {
  return p.violation > 0 ? `infeasible, violation ${p.violation}` : `loss ${p.loss}`;
}

/** A survivor of NSGA-II's environmental selection with its front rank and crowding distance. */
export interface Survivor {
  trial: ObservedTrial;
  rank: number;
  crowding: number;
}

/**
 * NSGA-II's environmental selection over every completed trial (elitist: parents and children
 * compete alike): whole fronts of the constrained non-dominated sorting, best first, while they
 * fit in `size`; of the first front that does not fit, the members with the largest crowding
 * distance (ties to the lower trial number). Crowding is computed on each whole front. Survivors
 * are returned front by front.
 */
export function nsga2Survivors(trials: readonly ObservedTrial[], size: number): Survivor[] {
  const outcomes = trials.map(outcomeOf);
  const fronts: number[][] = [];
  nondominatedRanks(outcomes).forEach((rank, i) => (fronts[rank] ??= []).push(i));
  const out: Survivor[] = [];
  for (const [rank, front] of fronts.entries()) {
    if (out.length >= size) break;
    const crowding = crowdingDistances(front.map((i) => outcomes[i]!.losses));
    const members = front.map((i, j) => ({ trial: trials[i]!, rank, crowding: crowding[j]! }));
    if (out.length + members.length > size) members.sort((a, b) => descending(a.crowding, b.crowding) || a.trial.number - b.trial.number);
    out.push(...members.slice(0, size - out.length));
  }
  return out;
}

/** Compares for a descending sort, Infinity included (Infinity - Infinity would be NaN). */
function descending(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

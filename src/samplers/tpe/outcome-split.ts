import type { Params } from '../../domain/space';
import { nondominatedRanks } from '../../domain/objectives';
import { greedyHypervolumeSubset, hypervolumeContributions, referencePointOf } from '../../core/pareto/hypervolume-subset';
import type { ObservedTrial, SamplerInput } from '../sampler';
import { outcomeOf, violationOf } from '../common/outcomes';
import type { GoodBadSplit } from './good-bad-split';

/** Weight of a good trial that adds no hypervolume (off the good group's front, or infeasible): kept, but barely. */
const NEGLIGIBLE_WEIGHT = 1e-12;

/** A finished trial in the order of the split. */
interface Entry {
  number: number;
  params: Params;
}

/**
 * The good/bad split of a study with several objectives or with constraints (MOTPE, and Optuna's
 * constraints_func rule). The good group has min(ceil(gamma x n), cap) of the n finished trials,
 * filled in this order: feasible COMPLETE trials (one objective: by loss; several: whole
 * non-dominated fronts, best first, and from the first front that does not fit, the subset picked
 * greedily by hypervolume, the reference 10% past that front's worst values), then PRUNED trials
 * by their last loss (unreported last), then infeasible trials by total violation. The rest, and
 * `liars`, form the bad group. Both groups are in trial-number order (liars last).
 *
 * With several objectives `goodWeights` (aligned with `good`) weighs each good trial by its
 * exclusive hypervolume contribution among the feasible good ones, relative to the largest (a
 * trial off their front, or infeasible, gets 1e-12): l(x) concentrates where the front gains most.
 * With one objective, goodWeights is absent (recency weights apply, as without constraints).
 */
export function splitByOutcomes(input: Pick<SamplerInput, 'completed' | 'pruned' | 'objectiveCount'>, gamma: number, cap: number, liars: readonly Params[]): GoodBadSplit {
  const multi = (input.objectiveCount ?? 1) > 1;
  const feasible = input.completed.filter((t) => violationOf(t) === 0);
  const infeasible = input.completed.filter((t) => violationOf(t) > 0).sort((a, b) => violationOf(a) - violationOf(b) || a.number - b.number);
  const pruned = input.pruned.slice().sort((a, b) => (a.loss ?? Infinity) - (b.loss ?? Infinity) || a.number - b.number);
  const finished = input.completed.length + input.pruned.length;
  let slots = Math.min(Math.ceil(gamma * finished), cap, finished);
  const goodFeasible = multi ? bestByFronts(feasible, slots) : feasible.slice().sort((a, b) => a.loss - b.loss || a.number - b.number).slice(0, slots);
  slots -= goodFeasible.length;
  const goodPruned = pruned.slice(0, slots);
  slots -= goodPruned.length;
  const good: Entry[] = [...goodFeasible, ...goodPruned, ...infeasible.slice(0, slots)].sort((a, b) => a.number - b.number);
  const goodNumbers = new Set(good.map((t) => t.number));
  const bad = [...input.completed, ...input.pruned].filter((t) => !goodNumbers.has(t.number)).sort((a, b) => a.number - b.number);
  const split: GoodBadSplit = { good: good.map((t) => t.params), bad: [...bad.map((t) => t.params), ...liars] };
  return multi ? { ...split, goodWeights: contributionWeights(good, goodFeasible) } : split;
}

/** The `size` best feasible trials by non-dominated fronts, the last front cut by greedy hypervolume subset selection. */
function bestByFronts(trials: readonly ObservedTrial[], size: number): ObservedTrial[] {
  const fronts: ObservedTrial[][] = [];
  nondominatedRanks(trials.map(outcomeOf)).forEach((rank, i) => (fronts[rank] ??= []).push(trials[i]!));
  const out: ObservedTrial[] = [];
  for (const front of fronts) {
    if (out.length + front.length <= size) {
      out.push(...front);
      continue;
    }
    const points = front.map((t) => outcomeOf(t).losses);
    out.push(...greedyHypervolumeSubset(points, size - out.length, referencePointOf(points)).map((i) => front[i]!));
    break;
  }
  return out;
}

/** Weights of the good group (see splitByOutcomes): hypervolume contribution among its feasible members, relative to the largest. */
function contributionWeights(good: readonly Entry[], goodFeasible: readonly ObservedTrial[]): number[] {
  if (goodFeasible.length <= 1) return good.map((t) => (goodFeasible.some((f) => f.number === t.number) ? 1 : NEGLIGIBLE_WEIGHT));
  const points = goodFeasible.map((t) => outcomeOf(t).losses);
  const contributions = hypervolumeContributions(points, referencePointOf(points));
  const largest = Math.max(...contributions);
  if (!Number.isFinite(largest) || contributions.some((c) => !Number.isFinite(c))) return good.map(() => 1);
  const byNumber = new Map(goodFeasible.map((t, i) => [t.number, Math.max(contributions[i]! / Math.max(largest, NEGLIGIBLE_WEIGHT), NEGLIGIBLE_WEIGHT)]));
  return good.map((t) => byNumber.get(t.number) ?? NEGLIGIBLE_WEIGHT);
}

import { totalViolation, type ScoredOutcome } from '../../domain/objectives';
import type { ObservedTrial, SamplerInput } from '../sampler';

/**
 * True when the study has one objective and no outcome constraint (objectiveCount <= 1 and
 * constraintCount 0, absent meaning so): samplers then rank trials by `loss` alone, exactly as
 * before multi-objective studies existed.
 */
export function isSingleUnconstrained(input: Pick<SamplerInput, 'objectiveCount' | 'constraintCount'>): boolean {
  return (input.objectiveCount ?? 1) <= 1 && (input.constraintCount ?? 0) === 0;
}

/** True when the study has more than one objective (samplers then read `losses`). */
export function isMultiObjectiveInput(input: Pick<SamplerInput, 'objectiveCount'>): boolean {
  return (input.objectiveCount ?? 1) > 1;
}

/**
 * A completed trial as dominance sees it: its loss vector (`losses`, else `[loss]`) and its
 * constraint violations (the positive parts of its slacks; none when it has no constraints).
 */
export function outcomeOf(trial: ObservedTrial): ScoredOutcome {
  return { losses: trial.losses ?? [trial.loss], violations: (trial.constraints ?? []).map((g) => Math.max(0, g)) };
}

/** The sum of a trial's constraint violations (0 when feasible or unconstrained). */
export function violationOf(trial: ObservedTrial): number {
  return totalViolation(outcomeOf(trial).violations);
}

/**
 * Orders trials of a single-objective study under constraints: lower total violation first (so
 * every feasible trial before every infeasible one), then lower loss. Negative when `a` is better.
 * Without constraints it is the plain loss order.
 */
export function constrainedLossOrder(a: ObservedTrial, b: ObservedTrial): number {
  const byViolation = violationOf(a) - violationOf(b);
  if (byViolation !== 0) return byViolation;
  return a.loss < b.loss ? -1 : a.loss > b.loss ? 1 : 0;
}

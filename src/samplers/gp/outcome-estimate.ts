import type { Posterior, SamplePath } from '../../core/acquisition/posterior';
import { LowerConfidencePath } from '../../core/acquisition/lower-confidence-path';
import { NegatedPosterior } from '../../core/acquisition/negated-posterior';
import type { Rng } from '../../core/rng';
import type { FeasibilityModel } from './feasibility';
import type { GpOptions } from './options';

/**
 * What Thompson sampling and UCB plug into ChebyshevScalarized for one outcome (a loss or a slack,
 * lower is better): a sample path of its posterior ('ts', drawn from `rng`) or its lower confidence
 * bound mean - sqrt(beta) sd ('ucb', an optimistic value).
 */
export function outcomeEstimate(posterior: Posterior, options: GpOptions, rng: Rng): SamplePath {
  return options.acquisition === 'ts' ? posterior.samplePath(rng) : new LowerConfidencePath(posterior, options.beta);
}

/**
 * The failure model as one more outcome constraint for Thompson sampling and UCB: an estimate of
 * the slack -g(x) of the latent success score g, feasible at <= `threshold` (the base rate), that
 * is where baseRate + g(x) >= 0 (the score says "finishes"). NOTE: log EI multiplies by P(success)
 * (FeasibilityWeighted); a draw or a bound has no probability to multiply by, so, as SCBO (Eriksson
 * and Poloczek 2021) does for constraints, a point the estimate calls failing ranks below every
 * point it calls finishing (ChebyshevScalarized's INFEASIBLE). Before, these two acquisitions
 * ignored failures: on Branin with a failing quadrant (bench branin_fail), 2 of 48 gp-ts runs
 * spent 41 of their 55 model-guided trials there and ended at regret 2-6.
 */
export function successConstraint(success: FeasibilityModel, options: GpOptions, rng: Rng): { estimate: SamplePath; threshold: number } {
  return { estimate: outcomeEstimate(new NegatedPosterior(success.posterior), options, rng), threshold: success.baseRate };
}

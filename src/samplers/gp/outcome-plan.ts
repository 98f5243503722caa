import type { Acquisition } from '../../core/acquisition/acquisition';
import type { SamplePath } from '../../core/acquisition/posterior';
import { ACQUISITION_KINDS } from '../../core/acquisition/acquisition-kinds';
import { ChebyshevScalarized } from '../../core/acquisition/chebyshev-scalarization';
import { FeasibilityWeighted } from '../../core/acquisition/feasibility-weighted';
import { LogConstant } from '../../core/acquisition/log-constant';
import { LogExpectedHypervolumeImprovement } from '../../core/acquisition/log-expected-hypervolume-improvement';
import { LogExpectedImprovement } from '../../core/acquisition/log-expected-improvement';
import { NegatedPosterior } from '../../core/acquisition/negated-posterior';
import { normalCdf } from '../../core/acquisition/normal';
import type { GaussianProcess } from '../../core/gp/gaussian-process';
import { PosteriorEvaluator } from '../../core/gp/posterior-evaluator';
import { nonDominatedBoxes } from '../../core/pareto/box-decomposition';
import type { Rng } from '../../core/rng';
import { paretoFrontIndices, totalViolation } from '../../domain/objectives';
import type { Params } from '../../domain/space';
import type { SuggestionReason } from '../../domain/trial';
import type { SamplerInput } from '../sampler';
import { fitFeasibility, type FeasibilityModel } from './feasibility';
import type { GpModel, ModelSettings } from './model';
import { buildOutcomeModels, lowestTarget, type OutcomeModels } from './outcome-models';
import { outcomeEstimate, successConstraint } from './outcome-estimate';
import type { GpOptions } from './options';
import { scalarizedModel } from './scalarized-model';
import { believedIncumbent, fantasize, featureLengthscales, noiseResolution, type SearchPlan } from './search-plan';

/** Most objectives for which log-EHVI uses the exact box decomposition (past it: a random scalarisation). */
const EXACT_EHVI_OBJECTIVES = 3;
/**
 * Reference-point margin, as a share of the observed Pareto front's range in each objective, and
 * its floor in standardised target units (see referencePoint).
 */
const REFERENCE_MARGIN = 0.1;
const REFERENCE_MARGIN_FLOOR = 0.1;

/** True when a study has several objectives or any constraint (the outcome plan serves it). */
export function hasOutcomes(input: SamplerInput): boolean {
  return (input.objectiveCount ?? 1) > 1 || (input.constraintCount ?? 0) > 0;
}

/**
 * The search plan of a study with several objectives and/or outcome constraints: one GP per
 * objective and per constraint slack (outcome-models.ts), and the study's acquisition:
 * - 'ei': log-EHVI (exact box decomposition) for 2-3 objectives, log-EI on the best feasible
 *   target for one, and for 4 log-EI on a random augmented-Chebyshev scalarisation of the losses
 *   (ParEGO; scalarized-model.ts). Each constraint adds log P(slack <= 0) (FeasibilityWeighted on
 *   the negated slack GP); until a feasible trial exists the acquisition is the sum of those logs
 *   alone (LogConstant: maximise the probability of feasibility). Failures add log P(success).
 * - 'ts' / 'ucb': ChebyshevScalarized on sample paths / lower confidence bounds of every outcome,
 *   with a fresh random weight per point (random scalarisation), constraints on the estimates;
 *   failures add the success score as one more constraint (successConstraint).
 * Pending and chosen points are fantasised at the posterior means (kriging believer) in every GP,
 * and when their believed slacks all hold their believed objective means join the Pareto set
 * (log-EHVI) or move the incumbent (log-EI on one objective or on the scalarisation; see
 * believedIncumbent). Reasons carry predicted_objectives / predicted_constraints (loss and slack units, study
 * order) and probability_feasible besides the first objective's predicted_mean / predicted_std.
 */
export function outcomePlan(input: SamplerInput, options: GpOptions, settings: ModelSettings, incumbentCount: number): SearchPlan {
  const models = buildOutcomeModels(input, settings);
  const first = models.objectives[0] as GpModel;
  const encoder = first.encoder;
  const failed = (input.failed ?? []).map((t) => t.params);
  const success = fitFeasibility(encoder, input.completed.map((t) => t.params).concat(input.pruned.map((t) => t.params)), failed);
  const scalar = models.objectives.length > EXACT_EHVI_OBJECTIVES && options.acquisition === 'ei' ? scalarizedModel(input, models, settings) : null;
  const feasible = models.outcomes.filter((o) => o.feasible);
  const frontOutcomes = paretoFrontIndices(feasible.map((o) => o.targets)).map((i) => feasible[i] as OutcomeModels['outcomes'][number]);
  const observedFront = frontOutcomes.map((o) => o.targets);
  const reference = referencePoint(observedFront);
  const front = [...observedFront];
  let objectiveGps = models.objectives.map((model) => model.gp);
  let constraintGps = models.constraints.map((model) => model.gp);
  let scalarGp = scalar?.model.gp;
  // Believed values of feasible-looking pending and chosen points, as the kriging believer treats them (see believedIncumbent).
  const believedLosses: number[] = [];
  const believedScalars: number[] = [];
  const all = [...models.objectives, ...models.constraints];
  return {
    encoder,
    trainSize: Math.max(...all.map((model) => model.train.length)),
    lengthscales: featureLengthscales(all.map((model) => model.gp)),
    incumbents: outcomeIncumbents(models, new Set(frontOutcomes.map((o) => o.trial.number)), incumbentCount),
    indistinct: noiseResolution(all.map((model) => model.gp)),
    fitCutShort: all.some((model) => model.fitCutShort) || (scalar?.model.fitCutShort ?? false),
    acquisition: (rng) => {
      const kind = ACQUISITION_KINDS[options.acquisition];
      if (!kind.logSpace) return estimateAcquisition(models, objectiveGps, constraintGps, success, options, rng);
      let inner: { acquisition: Acquisition; reason: string } | null = null;
      if (scalar && scalarGp && scalar.bestTarget !== null) inner = { acquisition: new LogExpectedImprovement(new PosteriorEvaluator(scalarGp), believedIncumbent(scalar.bestTarget, believedScalars)), reason: 'log_ei_chebyshev' };
      else if (!scalar && models.objectives.length === 1 && feasible.length > 0) inner = { acquisition: new LogExpectedImprovement(new PosteriorEvaluator(objectiveGps[0] as GaussianProcess), believedIncumbent(lowestTarget(first, feasible.map((o) => o.trial)), believedLosses)), reason: kind.reason };
      else if (!scalar && front.length > 0) inner = { acquisition: new LogExpectedHypervolumeImprovement(objectiveGps.map((gp) => new PosteriorEvaluator(gp)), nonDominatedBoxes(front, reference)), reason: 'log_ehvi' };
      let acquisition: Acquisition = inner?.acquisition ?? new LogConstant();
      constraintGps.forEach((gp, k) => (acquisition = new FeasibilityWeighted(acquisition, new NegatedPosterior(new PosteriorEvaluator(gp)), models.thresholds[k] as number, 0)));
      const parts = [inner?.reason ?? 'log_p_feasible'];
      if (inner && constraintGps.length > 0) parts.push('p_feasible');
      if (success) {
        acquisition = new FeasibilityWeighted(acquisition, success.posterior, success.baseRate, success.labelNoise);
        parts.push('p_success');
      }
      return { acquisition, reason: parts.join('*') };
    },
    condition: (points: Params[]) => {
      if (points.length === 0) return;
      for (const p of points) {
        const x = encoder.encode(p);
        const believedFeasible = constraintGps.every((gp, k) => gp.predict(x).mean <= (models.thresholds[k] as number));
        if (!believedFeasible) continue;
        front.push(objectiveGps.map((gp) => gp.predict(x).mean));
        believedLosses.push(objectiveGps[0]?.predict(x).mean as number);
        if (scalarGp) believedScalars.push(scalarGp.predict(x).mean);
      }
      objectiveGps = objectiveGps.map((gp, j) => fantasize(models.objectives[j] as GpModel, gp, points));
      constraintGps = constraintGps.map((gp, k) => fantasize(models.constraints[k] as GpModel, gp, points));
      if (scalar && scalarGp) scalarGp = fantasize(scalar.model, scalarGp, points);
    },
    reason: (choice, acquisition) => outcomeReason(models, choice.features, acquisition, choice.value),
  };
}

/**
 * The reference point of the hypervolume, in each objective's standardised target units: the
 * nadir (worst value) of the observed feasible Pareto front plus 10% of the front's range in that
 * objective, at least 0.1 target units (a tenth of the targets' spread), as Ax/BoTorch infer it
 * from the front. NOTE: fixed by the observations alone (fantasies do not move it), so points of
 * one batch are scored against the same region.
 */
function referencePoint(front: number[][]): number[] {
  const m = front[0]?.length ?? 0;
  return Array.from({ length: m }, (_, j) => {
    const values = front.map((p) => p[j] as number);
    const worst = Math.max(...values);
    return worst + Math.max(REFERENCE_MARGIN * (worst - Math.min(...values)), REFERENCE_MARGIN_FLOOR);
  });
}

/**
 * Thompson sampling ('ts') or UCB ('ucb') through a random Chebyshev scalarisation of outcome
 * estimates, with the failure model (`success`, once trials failed) as one more constraint (see
 * successConstraint).
 */
function estimateAcquisition(models: OutcomeModels, objectiveGps: GaussianProcess[], constraintGps: GaussianProcess[], success: FeasibilityModel | null, options: GpOptions, rng: Rng): { acquisition: Acquisition; reason: string } {
  const estimate = (gp: GaussianProcess): SamplePath => outcomeEstimate(new PosteriorEvaluator(gp), options, rng);
  const objectives = objectiveGps.map(estimate);
  const constraints = constraintGps.map(estimate);
  const draws = objectives.map(() => -Math.log(1 - rng.next()));
  const total = draws.reduce((s, v) => s + v, 0);
  const targets = models.outcomes.map((o) => o.targets);
  const ideal = objectives.map((_, j) => Math.min(...targets.map((t) => t[j] as number)));
  const scale = objectives.map((_, j) => Math.max(...targets.map((t) => t[j] as number)) - (ideal[j] as number) || 1);
  const thresholds = [...models.thresholds];
  if (success) {
    const finishes = successConstraint(success, options, rng);
    constraints.push(finishes.estimate);
    thresholds.push(finishes.threshold);
  }
  const acquisition = new ChebyshevScalarized({ objectives, weights: draws.map((v) => v / total), ideal, scale, constraints, thresholds });
  const reason = ACQUISITION_KINDS[options.acquisition].reason + (objectives.length > 1 ? '_chebyshev' : '') + (constraints.length > 0 ? '_constrained' : '');
  return { acquisition, reason };
}

/**
 * Unit points of the `k` best COMPLETE trials, best first: the feasible Pareto front (by its sum of
 * standardised targets), then the other feasible trials (likewise), then the infeasible ones by
 * total violation. NOTE: an O(n log n) stand-in for constrained non-dominated sorting, which cost
 * ~20 ms per ask at n = 200 for the same leading points.
 */
function outcomeIncumbents(models: OutcomeModels, frontTrials: Set<number>, k: number): Float64Array[] {
  const encoder = (models.objectives[0] as GpModel).encoder;
  const key = (o: OutcomeModels['outcomes'][number]): [number, number] => {
    if (!o.feasible) return [2, totalViolation(o.slacks.map((v) => Math.max(0, v)))];
    return [frontTrials.has(o.trial.number) ? 0 : 1, o.targets.reduce((sum, t) => sum + t, 0)];
  };
  return models.outcomes
    .map((o) => ({ o, key: key(o) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1])
    .slice(0, k)
    .map(({ o }) => encoder.toUnitPoint(o.trial.params));
}

/** The reason of a chosen point: the first objective's prediction, every outcome's, and P(feasible). */
function outcomeReason(models: OutcomeModels, x: Float64Array, acquisition: string, value: number): SuggestionReason {
  const predict = (model: GpModel): { mean: number; std: number; target: { mean: number; sd: number } } => {
    const p = model.gp.predict(x);
    const sd = Math.sqrt(p.variance);
    const loss = model.warp.toLossUnits(p.mean, sd);
    return { mean: loss.mean, std: loss.sd, target: { mean: p.mean, sd } };
  };
  const objectives = models.objectives.map(predict);
  const constraints = models.constraints.map(predict);
  const first = objectives[0] as { mean: number; std: number };
  const reason: SuggestionReason = {
    strategy: 'gp',
    acquisition,
    acquisition_value: value,
    predicted_mean: first.mean,
    predicted_std: first.std,
    predicted_objectives: objectives.map(({ mean, std }) => ({ mean, std })),
  };
  if (constraints.length > 0) {
    reason.predicted_constraints = constraints.map(({ mean, std }) => ({ mean, std }));
    reason.probability_feasible = constraints.reduce((p, c, k) => p * normalCdf(((models.thresholds[k] as number) - c.target.mean) / c.target.sd), 1);
  }
  return reason;
}

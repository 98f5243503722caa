import type { Acquisition } from '../../core/acquisition/acquisition';
import { ACQUISITION_KINDS, feasibilityWeightedReason, type AcquisitionKind } from '../../core/acquisition/acquisition-kinds';
import { ChebyshevScalarized } from '../../core/acquisition/chebyshev-scalarization';
import { ExcludedRegions } from '../../core/acquisition/excluded-regions';
import { FeasibilityWeighted } from '../../core/acquisition/feasibility-weighted';
import type { GaussianProcess } from '../../core/gp/gaussian-process';
import { defaultPrior } from '../../core/gp/marginal-likelihood';
import { PosteriorEvaluator } from '../../core/gp/posterior-evaluator';
import { SiteSolves, SlopeConditionedPosterior } from '../../core/gp/virtual-slopes';
import type { Posterior } from '../../core/acquisition/posterior';
import type { Rng } from '../../core/rng';
import type { Params } from '../../domain/space';
import type { SuggestionReason } from '../../domain/trial';
import type { ObservedTrial, SamplerInput } from '../sampler';
import { fitFeasibility, type FeasibilityModel } from './feasibility';
import { convergedBasin, PosteriorMeans, trainingOutside } from './basin-escape';
import { buildModel, type ModelSettings } from './model';
import type { GpOptions } from './options';
import { outcomeEstimate, successConstraint } from './outcome-estimate';
import { believedIncumbent, fantasize, featureLengthscales, modelIncumbents, noiseResolution, type SearchPlan, type SlopeConditioning } from './search-plan';

/**
 * Fewest training trials outside converged basins for a model of them (see SearchPlan.beyond);
 * with fewer outside the posterior mean's basin, the known-only basin is used (see convergedBasin).
 * NOTE: n_initial (7 on Hartmann6) instead kept Hartmann6 seed 16 held to 200 (regret 0.19): the
 * hill-valley basins of a polished incumbent (on the posterior mean) take in most of the flat rest
 * of the cube, so few trials lie beyond them when the escape is first needed.
 */
const MIN_OUTSIDE = 2;

/**
 * The search plan of a study with one objective and no constraints: one GP on the loss with the
 * study's acquisition (ACQUISITION_KINDS); a log-space one (log EI) is weighted by P(success)
 * once trials failed (FeasibilityWeighted). Conditioned points are fantasised at the posterior mean,
 * and a believed value below the incumbent becomes the incumbent (see believedIncumbent).
 */
export function lossPlan(input: SamplerInput, observed: ObservedTrial[], options: GpOptions, settings: ModelSettings, incumbentCount: number): SearchPlan {
  const model = buildModel(input.space, observed, settings);
  const failed = (input.failed ?? []).map((t) => t.params);
  const feasibility = fitFeasibility(model.encoder, input.completed.map((t) => t.params).concat(input.pruned.map((t) => t.params)), failed);
  let conditioned = model.gp;
  let bestTarget = model.bestTarget;
  /** Every point conditioned on so far: the pending ones, then this round's chosen ones. */
  const believed: Params[] = [];
  /** The slope sites' solves on `conditioned`, shared by one point's slope rounds. */
  let solves: SiteSolves | undefined;
  /** The posterior means on `conditioned` its basins have tested, shared by one point's searches beyond. */
  let means: PosteriorMeans | undefined;
  /**
   * The stream the latest acquisition started from: Thompson sampling's slope rounds draw from a
   * copy, so the corrected path is the same draw with the slopes added (see SlopeConditionedPosterior.samplePath).
   */
  let acquisitionRng: Rng | undefined;
  return {
    encoder: model.encoder,
    trainSize: model.train.length,
    lengthscales: featureLengthscales([model.gp]),
    incumbents: modelIncumbents(model, incumbentCount),
    indistinct: noiseResolution([model.gp]),
    fitCutShort: model.fitCutShort,
    acquisition: (rng) => {
      acquisitionRng = rng.copy();
      return lossAcquisition(conditioned, bestTarget, feasibility, options, rng);
    },
    condition: (points) => {
      const before = conditioned.data.n;
      conditioned = fantasize(model, conditioned, points);
      believed.push(...points);
      bestTarget = believedIncumbent(bestTarget, conditioned.data.y.subarray(before));
    },
    slopeConditioned: (sites, rng) => {
      if (solves?.gp !== conditioned) solves = new SiteSolves(conditioned);
      const posterior = new SlopeConditionedPosterior(conditioned, sites, solves);
      const stream = options.acquisition === 'ts' && acquisitionRng ? acquisitionRng.copy() : rng;
      return { acquisition: lossAcquisition(conditioned, bestTarget, feasibility, options, stream, posterior).acquisition, kept: posterior.sites.length };
    },
    beyond: options.acquisition !== 'ei' ? undefined : (top, regions, rng) => {
      const ceiling = defaultPrior(model.encoder.groups, settings.noisy).noiseCeiling;
      if (means?.gp !== conditioned) means = new PosteriorMeans(conditioned);
      const basin = convergedBasin(conditioned, top.features, regions, model.train.length, MIN_OUTSIDE, ceiling, means);
      if (!basin) return null;
      const left = [...regions, basin];
      // Training rows come first in the conditioned GP, in model.train's order (fantasies after).
      const outside = trainingOutside(conditioned, left).filter((i) => i < model.train.length);
      if (outside.length < MIN_OUTSIDE) return null;
      const trials = outside.slice().sort((a, b) => a - b).map((i) => model.train[i] as ObservedTrial);
      const local = buildModel(input.space, trials, { ...settings, stream: `${settings.stream ?? ''}|beyond`, partOfSearch: true });
      // NOTE: the model beyond believes the round's chosen points too, not only the pending ones, so
      // the escape points of one round spread (a q = 8 round's fourth escape point landed 0.03 from
      // its first when only the pending points were believed).
      const gp = fantasize(local, local.gp, believed);
      const localBest = believedIncumbent(local.bestTarget, gp.data.y.subarray(local.gp.data.n));
      const inner = lossAcquisition(gp, localBest, feasibility, options, rng).acquisition;
      const incumbents = outside.slice(0, incumbentCount).map((i) => model.encoder.toUnitPoint((model.train[i] as ObservedTrial).params));
      const beyondSolves = new SiteSolves(gp);
      const slopeConditioned: SlopeConditioning = (sites, slopeRng) => {
        const posterior = new SlopeConditionedPosterior(gp, sites, beyondSolves);
        const corrected = lossAcquisition(gp, localBest, feasibility, options, slopeRng, posterior).acquisition;
        return { acquisition: new ExcludedRegions(corrected, left), kept: posterior.sites.length };
      };
      return { region: basin, acquisition: new ExcludedRegions(inner, left), incumbents, slopeConditioned };
    },
    reason: (choice, acquisition) => {
      const p = model.gp.predict(choice.features);
      const loss = model.warp.toLossUnits(p.mean, Math.sqrt(p.variance));
      return { strategy: 'gp', acquisition, acquisition_value: choice.value, predicted_mean: loss.mean, predicted_std: loss.sd } satisfies SuggestionReason;
    },
  };
}

/**
 * The study's acquisition on gp's posterior (or on `posterior`, a correction of it). Once trials
 * failed (`feasibility`), log EI is weighted by P(success) and Thompson sampling and UCB keep to
 * where their estimate of the success score says a trial finishes (successConstraint; reason
 * `thompson_constrained`, `ucb_constrained`, as for outcome constraints).
 */
function lossAcquisition(gp: GaussianProcess, bestTarget: number, feasibility: FeasibilityModel | null, options: GpOptions, rng: Rng, posterior?: Posterior): { acquisition: Acquisition; reason: string } {
  const kind: AcquisitionKind = ACQUISITION_KINDS[options.acquisition];
  const loss = posterior ?? new PosteriorEvaluator(gp);
  if (feasibility && !kind.logSpace) {
    const objective = outcomeEstimate(loss, options, rng);
    const finishes = successConstraint(feasibility, options, rng);
    const acquisition = new ChebyshevScalarized({ objectives: [objective], weights: [1], ideal: [0], scale: [1], constraints: [finishes.estimate], thresholds: [finishes.threshold] });
    return { acquisition, reason: `${kind.reason}_constrained` };
  }
  const acquisition = kind.create(loss, { bestTarget, beta: options.beta, rng });
  if (!feasibility) return { acquisition, reason: kind.reason };
  const weighted = new FeasibilityWeighted(acquisition, feasibility.posterior, feasibility.baseRate, feasibility.labelNoise);
  return { acquisition: weighted, reason: feasibilityWeightedReason(kind) };
}

import type { Acquisition } from '../../core/acquisition/acquisition';
import { ACQUISITION_KINDS, feasibilityWeightedReason, type AcquisitionKind } from '../../core/acquisition/acquisition-kinds';
import { FeasibilityWeighted } from '../../core/acquisition/feasibility-weighted';
import type { GaussianProcess } from '../../core/gp/gaussian-process';
import { PosteriorEvaluator } from '../../core/gp/posterior-evaluator';
import type { Rng } from '../../core/rng';
import type { SuggestionReason } from '../../domain/trial';
import type { ObservedTrial, SamplerInput } from '../sampler';
import { fitFeasibility, type FeasibilityModel } from './feasibility';
import { buildModel, type ModelSettings } from './model';
import type { GpOptions } from './options';
import { believedIncumbent, fantasize, modelIncumbents, type SearchPlan } from './search-plan';

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
  return {
    encoder: model.encoder,
    trainSize: model.train.length,
    incumbents: modelIncumbents(model, incumbentCount),
    fitCutShort: model.fitCutShort,
    acquisition: (rng) => lossAcquisition(conditioned, bestTarget, feasibility, options, rng),
    condition: (points) => {
      const before = conditioned.data.n;
      conditioned = fantasize(model, conditioned, points);
      bestTarget = believedIncumbent(bestTarget, conditioned.data.y.subarray(before));
    },
    reason: (choice, acquisition) => {
      const p = model.gp.predict(choice.features);
      const loss = model.warp.toLossUnits(p.mean, Math.sqrt(p.variance));
      return { strategy: 'gp', acquisition, acquisition_value: choice.value, predicted_mean: loss.mean, predicted_std: loss.sd } satisfies SuggestionReason;
    },
  };
}

function lossAcquisition(gp: GaussianProcess, bestTarget: number, feasibility: FeasibilityModel | null, options: GpOptions, rng: Rng): { acquisition: Acquisition; reason: string } {
  const kind: AcquisitionKind = ACQUISITION_KINDS[options.acquisition];
  const acquisition = kind.create(new PosteriorEvaluator(gp), { bestTarget, beta: options.beta, rng });
  if (!feasibility || !kind.logSpace) return { acquisition, reason: kind.reason };
  const weighted = new FeasibilityWeighted(acquisition, feasibility.posterior, feasibility.baseRate, feasibility.labelNoise);
  return { acquisition: weighted, reason: feasibilityWeightedReason(kind) };
}

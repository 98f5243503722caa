import type { SearchSpace } from '../../domain/space';
import { unitDimension } from '../../core/space';
import type { Sampler, SamplerFactory, SamplerInput, Suggestion } from '../sampler';
import { observedTrials } from '../gp/observations';
import { gpFactory } from '../gp/gp-sampler';
import { SeenPoints } from '../common/seen-points';
import { spaceFillingRound } from '../common/space-filling';
import { tpeFactory } from '../tpe';
import { geneticFactory } from '../genetic';
import { isMultiObjectiveInput } from '../common/outcomes';
import type { AutoOptions } from './auto-options';

/** The strategy chosen for one ask and the reason shown in reason.detail. */
interface Choice {
  sampler: Sampler;
  label: string;
}

/**
 * The default strategy: Sobol points for the initial design (the GP's own size, n_initial; none
 * repeats a seen configuration while the sequence reaches an unseen one, see designPoints), then
 * the GP with log-EI ('ei'), then TPE once the history passes gp_max_trials completed trials (the GP's
 * cubic cost stops paying) or from the start when the space has more than gp_max_dims parameters.
 * TPE is built with n_startup_trials equal to the initial design, so the hand-over never falls
 * back to random draws. Each suggestion keeps the chosen strategy's reason, with strategy 'auto'
 * and the choice in `detail`, e.g. "gp (n=23 <= 200): ...".
 * On a study with several objectives the GP (then multi-objective) answers within the same
 * limits, and past them NSGA-II (the genetic sampler) instead of TPE: a population-based search
 * keeps a whole front spread where TPE's density ratio would have to pick one region.
 */
export class AutoSampler implements Sampler {
  readonly type = 'auto';
  private readonly dims: number;
  private readonly initialDesign: number;
  private readonly design: Sampler = { type: 'sobol', suggest: async (input) => designPoints(input) };
  private readonly gp: Sampler;
  private readonly tpe: Sampler;
  private readonly nsga2: Sampler;

  constructor(
    space: SearchSpace,
    private readonly options: AutoOptions,
  ) {
    this.dims = unitDimension(space);
    const gpOptions = gpFactory.normalize({ acquisition: 'ei' }, space);
    this.initialDesign = gpOptions['n_initial'] as number;
    this.gp = gpFactory.create(gpOptions, space);
    this.tpe = build(tpeFactory, { n_startup_trials: this.initialDesign }, space);
    this.nsga2 = build(geneticFactory, {}, space);
  }

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    // Pruned and failed trials count toward the initial design, as in the gp sampler.
    const choice = this.choose(observedTrials(input).length, isMultiObjectiveInput(input));
    const out = await choice.sampler.suggest(input);
    return out.map((s) => ({
      params: s.params,
      reason: { ...s.reason, strategy: 'auto', detail: s.reason.detail ? `${choice.label}: ${s.reason.detail}` : choice.label },
    }));
  }

  private choose(n: number, multiObjective: boolean): Choice {
    const { gp_max_dims: maxDims, gp_max_trials: maxTrials } = this.options;
    if (n < this.initialDesign) return { sampler: this.design, label: `sobol (n=${n} < initial design ${this.initialDesign})` };
    const [past, pastLabel] = multiObjective ? [this.nsga2, 'nsga2'] : [this.tpe, 'tpe'];
    if (this.dims > maxDims) return { sampler: past, label: `${pastLabel} (d=${this.dims} > ${maxDims})` };
    if (n > maxTrials) return { sampler: past, label: `${pastLabel} (n=${n} > ${maxTrials})` };
    return { sampler: this.gp, label: `gp (n=${n} <= ${maxTrials})` };
  }
}

function build(factory: SamplerFactory, options: Record<string, unknown>, space: SearchSpace): Sampler {
  return factory.create(factory.normalize(options, space), space);
}

/**
 * The initial design's points: the study's Sobol points by trial number, none repeating an
 * evaluated (complete, pruned or failed) or pending configuration, nor another of the round,
 * while the sequence reaches an unseen one (spaceFillingRound; a small discrete space).
 */
function designPoints(input: SamplerInput): Suggestion[] {
  const { params } = spaceFillingRound(input, input.trialCount, input.count, SeenPoints.fromInput(input));
  return params.map((p, i) => ({ params: p, reason: { strategy: 'sobol', detail: `sobol point ${input.trialCount + i}` } }));
}

import { own, type ParamSpec, type Params, type SearchSpace } from '../../domain/space';
import { Rng } from '../../core/rng';
import { decodeUnitPoint, encodeUnitPoint, parameterOrder } from '../../core/space';
import type { Sampler, SamplerInput, Suggestion } from '../sampler';
import { SeenPoints } from '../common/seen-points';
import { spaceFillingParams } from '../common/space-filling';
import { perturbCoordinate } from '../common/unit-point';
import { violationOf } from '../common/outcomes';
import { replayClimb, type ClimbState } from './climb-state';
import type { LocalSearchOptions } from './local-search-options';

/** Neighbours drawn before giving up on avoiding a seen configuration and restarting at a Sobol point. */
const NEIGHBOUR_ATTEMPTS = 32;

/**
 * Greedy hill climbing with restarts. The climb (incumbent, step size, restarts) is replayed from
 * the history on every ask (see replayClimb). A neighbour of the incumbent perturbs each active
 * parameter with probability perturbed_params / active count (at least one): a Gaussian step of
 * the current size in the unit cube, at least one grid step for ints and stepped floats, another
 * choice for categoricals; then it is decoded through the space, so parameters a changed choice
 * switches on get a prior draw. Without an incumbent (first trial, after a restart) the next point
 * of the study's Sobol sequence is suggested. Neighbours equal to a seen point are drawn again.
 * Single-objective only (its factory does not set multiObjective); on a constrained study the
 * incumbent is the best by (total violation, loss), see replayClimb.
 */
export class LocalSearchSampler implements Sampler {
  readonly type = 'local-search';
  private readonly order: string[];

  constructor(
    private readonly space: SearchSpace,
    private readonly options: LocalSearchOptions,
  ) {
    this.order = parameterOrder(space);
  }

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    const rng = new Rng(input.seed);
    const seen = SeenPoints.fromInput(input);
    const climb = replayClimb(input, this.options);
    const out: Suggestion[] = [];
    for (let i = 0; i < input.count; i++) {
      const suggestion = (climb.incumbent && this.neighbour(climb, rng, seen)) ?? this.restart(input, i, climb, seen);
      seen.add(suggestion.params);
      out.push(suggestion);
    }
    return out;
  }

  private neighbour(climb: ClimbState, rng: Rng, seen: SeenPoints): Suggestion | null {
    const incumbent = climb.incumbent as NonNullable<ClimbState['incumbent']>;
    for (let attempt = 0; attempt < NEIGHBOUR_ATTEMPTS; attempt++) {
      // NOTE: on a small discrete neighbourhood every draw may repeat a seen point; doubling the
      // step every 4 misses widens the search before giving up on the climb.
      const params = this.perturb(incumbent.params, Math.min(1, climb.step * 2 ** Math.floor(attempt / 4)), rng);
      if (!seen.has(params)) {
        const violation = violationOf(incumbent);
        const standing = violation > 0 ? `loss ${incumbent.loss}, infeasible: violation ${violation}` : `loss ${incumbent.loss}`;
        return { params, reason: { strategy: 'local-search', detail: `neighbour of trial ${incumbent.number} (${standing}), step ${climb.step.toPrecision(3)}` } };
      }
    }
    return null;
  }

  private perturb(params: Params, step: number, rng: Rng): Params {
    // NOTE: inactive coordinates are drawn uniformly, so a perturbation that activates a branch lands anywhere in it.
    const unit = encodeUnitPoint(this.space, params, () => rng.next());
    const active = this.order.map((name, j) => (own(params, name) === undefined ? -1 : j)).filter((j) => j >= 0);
    const probability = Math.min(1, this.options.perturbed_params / active.length);
    const chosen = active.filter(() => rng.next() < probability);
    if (chosen.length === 0) chosen.push(rng.pick(active));
    for (const j of chosen) unit[j] = perturbCoordinate(this.space[this.order[j] as string] as ParamSpec, unit[j] as number, step, rng);
    return decodeUnitPoint(this.space, unit);
  }

  private restart(input: SamplerInput, i: number, climb: ClimbState, seen: SeenPoints): Suggestion {
    const index = input.trialCount + i;
    const why = climb.incumbent ? 'every neighbour repeated a seen point' : climb.restarts === 0 ? 'first climb' : `restart ${climb.restarts}`;
    return { params: spaceFillingParams(input, index, seen), reason: { strategy: 'local-search', detail: `${why}: sobol point ${index}` } };
  }
}

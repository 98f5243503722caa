import { own, type ParamSpec, type ParamValue, type Params, type SearchSpace } from '../../domain/space';
import { Rng } from '../../core/rng';
import { conditionHolds, parameterOrder } from '../../core/space';
import { STARTUP, type Sampler, type SamplerInput, type Suggestion } from '../sampler';
import { SeenPoints, unseenRandomParams } from '../common/seen-points';
import { isMultiObjectiveInput, isSingleUnconstrained } from '../common/outcomes';
import { recencyWeights, splitGoodBad, type GoodBadSplit } from './good-bad-split';
import { splitByOutcomes } from './outcome-split';
import { scaleOf, type ParamScale } from './internal-scale';
import { ParzenEstimator, type ParzenSettings } from './parzen-estimator';
import type { TpeOptions } from './tpe-options';

/** Model draws tried before falling back to random draws when every draw repeats a seen point. */
const MODEL_ATTEMPTS = 3;
/**
 * Multi-objective studies widen the multivariate kernels by this factor: the good group spreads
 * along a front rather than around one optimum. NOTE: measured at budget 100, seeds 0-7 (median
 * hypervolume; references as in test/helpers/mo-problems.ts except DTLZ2's, 2.5 per objective): factor 1 gave ZDT1-6 11.25 / DTLZ2-6
 * 13.93 / SRN 53296 / mixed 7.92, factor 2 gave 11.25 / 14.43 / 53482 / 7.89, factor 3 gave
 * 11.14 / 14.57 / 53554 / 7.86 (worst DTLZ2 seed 13.49 -> 14.29; random search: 9.59 / 14.07).
 */
const FRONT_BANDWIDTH_SCALE = 3;

/**
 * Tree-structured Parzen Estimator. Finished trials are split into a good and a bad group by loss;
 * a Parzen estimator l(x) is fitted to the good ones, g(x) to the bad ones; `n_ei_candidates`
 * draws from l are ranked by log l(x) - log g(x) (which orders them like expected improvement).
 *
 * Conditional spaces are handled tree-wise: parameters are decided in rounds, each round taking
 * the parameters that the values decided so far switch on, grouped by their parent; each group is
 * fitted on the trials where all of its parameters are active (unconditional spaces: one group).
 * Pending points and this batch's earlier suggestions join the bad group (constant liar), so
 * parallel workers are steered apart. Past the ask deadline (input.budget.deadlineMs after the
 * start of suggest), fewer candidates are scored and the rest of a batch is drawn at random, with
 * `fallback` saying so.
 *
 * With several objectives it is MOTPE (strategy 'motpe' in the reason): the good group is chosen
 * by non-dominated rank, then hypervolume, and weighted by hypervolume contribution, and the
 * kernels are wider (FRONT_BANDWIDTH_SCALE). With constraints, infeasible trials rank after every
 * feasible and pruned one, by total violation (Optuna's constraints_func rule). See splitByOutcomes.
 */
export class TpeSampler implements Sampler {
  readonly type = 'tpe';
  private readonly order: string[];
  private readonly scales = new Map<string, ParamScale>();
  private readonly settings: ParzenSettings;

  constructor(
    private readonly space: SearchSpace,
    private readonly options: TpeOptions,
  ) {
    this.order = parameterOrder(space);
    for (const name of this.order) this.scales.set(name, scaleOf(space[name] as ParamSpec));
    this.settings = { priorWeight: options.prior_weight, multivariate: options.multivariate, magicClip: options.magic_clip, bandwidthFactor: options.bandwidth_factor };
  }

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    const rng = new Rng(input.seed);
    const seen = SeenPoints.fromInput(input);
    const finished = input.completed.length + input.pruned.length;
    const batch: Params[] = [];
    const out: Suggestion[] = [];
    const started = input.budget.now();
    const pastDeadline = (): boolean => input.budget.now() - started > input.budget.deadlineMs;
    for (let i = 0; i < input.count; i++) {
      const suggestion = finished < this.options.n_startup_trials
        ? this.startupSuggestion(rng, seen, finished, strategyOf(input))
        : i > 0 && pastDeadline()
          ? this.randomSuggestion(rng, seen, 'ask deadline passed: random draw', strategyOf(input))
          : this.modelSuggestion(input, batch, rng, seen, pastDeadline);
      seen.add(suggestion.params);
      batch.push(suggestion.params);
      out.push(suggestion);
    }
    return out;
  }

  private modelSuggestion(input: SamplerInput, batch: readonly Params[], rng: Rng, seen: SeenPoints, pastDeadline: () => boolean): Suggestion {
    const liars = this.options.constant_liar ? [...input.pending, ...batch] : [];
    const plain = isSingleUnconstrained(input);
    const split = plain ? splitGoodBad(input, this.options.gamma, this.options.gamma_cap, liars) : splitByOutcomes(input, this.options.gamma, this.options.gamma_cap, liars);
    const strategy = strategyOf(input);
    const multi = isMultiObjectiveInput(input);
    const rule = plain ? '' : multi ? ' by non-dominated rank and hypervolume' : ' by (total violation, loss)';
    const settings = multi ? { ...this.settings, bandwidthFactor: this.settings.bandwidthFactor * FRONT_BANDWIDTH_SCALE } : this.settings;
    for (let attempt = 0; attempt < MODEL_ATTEMPTS; attempt++) {
      const { params, score } = this.sampleTree(split, settings, rng, pastDeadline);
      if (!seen.has(params)) {
        return {
          params,
          reason: { strategy, acquisition: 'log l(x) - log g(x)', acquisition_value: score, detail: `good ${split.good.length} / bad ${split.bad.length}${rule}` },
        };
      }
    }
    return this.randomSuggestion(rng, seen, 'every model draw repeated a seen point', strategy);
  }

  /** Decides the parameters round by round (see the class comment); score sums the groups' best log ratios. */
  private sampleTree(split: GoodBadSplit, settings: ParzenSettings, rng: Rng, pastDeadline: () => boolean): { params: Params; score: number } {
    const decided = new Map<string, ParamValue>();
    const view: Params = {};
    let score = 0;
    for (;;) {
      const frontier = this.order.filter((name) => !decided.has(name) && conditionHolds(this.space[name] as ParamSpec, view));
      if (frontier.length === 0) break;
      for (const group of this.groups(frontier)) {
        const best = this.sampleGroup(group, split, settings, rng, pastDeadline);
        score += best.score;
        group.forEach((name, j) => decided.set(name, best.values[j] as ParamValue));
      }
      for (const name of frontier) view[name] = decided.get(name) as ParamValue;
    }
    const params: Params = {};
    for (const name of this.order) if (decided.has(name)) params[name] = decided.get(name) as ParamValue;
    return { params, score };
  }

  /** Multivariate: parameters sharing a parent (or none) form one group; otherwise one group each. */
  private groups(frontier: readonly string[]): string[][] {
    if (!this.options.multivariate) return frontier.map((name) => [name]);
    const byParent = new Map<string, string[]>();
    for (const name of frontier) {
      const parent = (this.space[name] as ParamSpec).condition?.parent ?? '';
      byParent.set(parent, [...(byParent.get(parent) ?? []), name]);
    }
    return [...byParent.values()];
  }

  /** The best of n_ei_candidates draws from l for one group; past the ask deadline, the best scored so far. */
  private sampleGroup(names: readonly string[], split: GoodBadSplit, settings: ParzenSettings, rng: Rng, pastDeadline: () => boolean): { values: ParamValue[]; score: number } {
    const scales = names.map((name) => this.scales.get(name) as ParamScale);
    const active = (p: Params): boolean => names.every((name) => own(p, name) !== undefined);
    const rows = (points: readonly Params[]): Float64Array[] =>
      points.filter(active).map((p) => Float64Array.from(names, (name, j) => (scales[j] as ParamScale).encode(p[name] as ParamValue)));
    const goodRows = rows(split.good);
    const badRows = rows(split.bad);
    const goodWeights = split.goodWeights ? split.goodWeights.filter((_, i) => active(split.good[i] as Params)) : recencyWeights(goodRows.length);
    const good = new ParzenEstimator(scales, goodRows, goodWeights, settings);
    const bad = new ParzenEstimator(scales, badRows, recencyWeights(badRows.length), settings);
    let best: { point: Float64Array; score: number } = { point: new Float64Array(0), score: -Infinity };
    for (let c = 0; c < this.options.n_ei_candidates && !(c > 0 && pastDeadline()); c++) {
      const point = snapToValues(good.sample(rng), scales);
      const score = good.logPdf(point) - bad.logPdf(point);
      if (score > best.score || best.point.length === 0) best = { point, score };
    }
    return { values: decodePoint(best.point, scales), score: best.score };
  }

  /** A random startup point (n_startup_trials): the study's plan, named in `detail`, not a fallback (see isPlannedStart). */
  private startupSuggestion(rng: Rng, seen: SeenPoints, finished: number, strategy: string): Suggestion {
    return { params: unseenRandomParams(this.space, rng, seen), reason: { strategy, detail: `${STARTUP}: random (${finished} < n_startup_trials ${this.options.n_startup_trials})` } };
  }

  /** A random point standing in for the model: `fallback` says why. */
  private randomSuggestion(rng: Rng, seen: SeenPoints, why: string, strategy: string): Suggestion {
    return { params: unseenRandomParams(this.space, rng, seen), reason: { strategy, fallback: why } };
  }

}

/** 'motpe' on a study with several objectives, else 'tpe'. */
function strategyOf(input: SamplerInput): string {
  return isMultiObjectiveInput(input) ? 'motpe' : 'tpe';
}

/** Rounds numeric coordinates onto the values they decode to, so densities are scored where the trial will be. */
function snapToValues(point: Float64Array, scales: readonly ParamScale[]): Float64Array {
  return point.map((x, j) => {
    const scale = scales[j] as ParamScale;
    return scale.kind === 'numeric' ? scale.encode(scale.decode(x)) : x;
  });
}

function decodePoint(point: Float64Array, scales: readonly ParamScale[]): ParamValue[] {
  return scales.map((scale, j) => {
    const x = point[j] as number;
    return scale.kind === 'numeric' ? scale.decode(x) : (scale.choices[x] as ParamValue);
  });
}

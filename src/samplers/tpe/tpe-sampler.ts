import type { ParamSpec, ParamValue, Params, SearchSpace } from '../../domain/space';
import { Rng } from '../../core/rng';
import { conditionHolds, parameterOrder, sampleParams } from '../../core/space';
import type { Sampler, SamplerInput, Suggestion } from '../sampler';
import { SeenPoints } from '../common/seen-points';
import { recencyWeights, splitGoodBad, type GoodBadSplit } from './good-bad-split';
import { scaleOf, type ParamScale } from './internal-scale';
import { ParzenEstimator, type ParzenSettings } from './parzen-estimator';
import type { TpeOptions } from './tpe-options';

/** Model draws tried before falling back to random draws when every draw repeats a seen point. */
const MODEL_ATTEMPTS = 3;
const RANDOM_ATTEMPTS = 64;

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
        ? this.randomSuggestion(rng, seen, `startup: random (${finished} < n_startup_trials ${this.options.n_startup_trials})`)
        : i > 0 && pastDeadline()
          ? this.randomSuggestion(rng, seen, 'ask deadline passed: random draw')
          : this.modelSuggestion(input, batch, rng, seen, pastDeadline);
      seen.add(suggestion.params);
      batch.push(suggestion.params);
      out.push(suggestion);
    }
    return out;
  }

  private modelSuggestion(input: SamplerInput, batch: readonly Params[], rng: Rng, seen: SeenPoints, pastDeadline: () => boolean): Suggestion {
    const liars = this.options.constant_liar ? [...input.pending, ...batch] : [];
    const split = splitGoodBad(input, this.options.gamma, this.options.gamma_cap, liars);
    for (let attempt = 0; attempt < MODEL_ATTEMPTS; attempt++) {
      const { params, score } = this.sampleTree(split, rng, pastDeadline);
      if (!seen.has(params)) {
        return {
          params,
          reason: { strategy: 'tpe', acquisition: 'log l(x) - log g(x)', acquisition_value: score, detail: `good ${split.good.length} / bad ${split.bad.length}` },
        };
      }
    }
    return this.randomSuggestion(rng, seen, 'every model draw repeated a seen point');
  }

  /** Decides the parameters round by round (see the class comment); score sums the groups' best log ratios. */
  private sampleTree(split: GoodBadSplit, rng: Rng, pastDeadline: () => boolean): { params: Params; score: number } {
    const decided = new Map<string, ParamValue>();
    const view: Params = {};
    let score = 0;
    for (;;) {
      const frontier = this.order.filter((name) => !decided.has(name) && conditionHolds(this.space[name] as ParamSpec, view));
      if (frontier.length === 0) break;
      for (const group of this.groups(frontier)) {
        const best = this.sampleGroup(group, split, rng, pastDeadline);
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
  private sampleGroup(names: readonly string[], split: GoodBadSplit, rng: Rng, pastDeadline: () => boolean): { values: ParamValue[]; score: number } {
    const scales = names.map((name) => this.scales.get(name) as ParamScale);
    const rows = (points: readonly Params[]): Float64Array[] =>
      points.filter((p) => names.every((name) => p[name] !== undefined)).map((p) => Float64Array.from(names, (name, j) => (scales[j] as ParamScale).encode(p[name] as ParamValue)));
    const goodRows = rows(split.good);
    const badRows = rows(split.bad);
    const good = new ParzenEstimator(scales, goodRows, recencyWeights(goodRows.length), this.settings);
    const bad = new ParzenEstimator(scales, badRows, recencyWeights(badRows.length), this.settings);
    let best: { point: Float64Array; score: number } = { point: new Float64Array(0), score: -Infinity };
    for (let c = 0; c < this.options.n_ei_candidates && !(c > 0 && pastDeadline()); c++) {
      const point = snapToValues(good.sample(rng), scales);
      const score = good.logPdf(point) - bad.logPdf(point);
      if (score > best.score || best.point.length === 0) best = { point, score };
    }
    return { values: decodePoint(best.point, scales), score: best.score };
  }

  private randomSuggestion(rng: Rng, seen: SeenPoints, why: string): Suggestion {
    let params = sampleParams(this.space, rng);
    for (let attempt = 1; attempt < RANDOM_ATTEMPTS && seen.has(params); attempt++) params = sampleParams(this.space, rng);
    return { params, reason: { strategy: 'tpe', fallback: why } };
  }
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

import { DomainError } from '../../domain/errors';
import { own, type ParamSpec, type ParamValue, type SearchSpace } from '../../domain/space';
import { Rng } from '../../core/rng';
import type { Sampler, SamplerInput, Suggestion } from '../sampler';
import { SeenPoints, unseenRandomParams } from '../common/seen-points';
import { sobolStreamSeed } from '../sobol';
import { ConfigTree } from './config-tree';
import type { GridOptions } from './grid-options';
import { IndexPermutation } from './index-permutation';
import { explicitValues, floatValues, steppedValues, type ValueList } from './value-list';

/**
 * Exhaustive search over the grid of the space (see ConfigTree), visited lazily: the k-th trial of
 * the study takes grid position k (input.trialCount + offset), positions whose configuration was
 * already seen (finished, pending or earlier in the batch) are skipped. With `shuffle`, position
 * k maps to a grid index through a bijection keyed on the study seed, so the order is random but
 * still lazy.
 * NOTE: positions follow the study's trial count, so trials added by hand consume positions; the
 * seen-set check keeps the grid from repeating itself either way. Since the k-th point is meant for
 * trial number k (byTrialNumber), concurrent asks on several replicas each get their own point.
 * With on_exhausted 'error', a batch that reaches the end of the grid returns fewer points.
 */
export class GridSampler implements Sampler {
  readonly type = 'grid';
  readonly byTrialNumber = true;
  private readonly tree: ConfigTree;

  constructor(
    private readonly space: SearchSpace,
    private readonly options: GridOptions,
  ) {
    this.tree = new ConfigTree(space, valueLists(space, options));
  }

  /** Number of configurations of the grid. */
  get size(): bigint {
    return this.tree.size;
  }

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    const seen = SeenPoints.fromInput(input);
    const rng = new Rng(input.seed);
    const out: Suggestion[] = [];
    // NOTE: the shuffle is keyed on the study-wide seed, not the per-ask seed, so every ask walks the same order.
    const permutation = this.options.shuffle ? new IndexPermutation(this.tree.size, sobolStreamSeed(input)) : null;
    let position = BigInt(input.trialCount);
    while (out.length < input.count) {
      if (position >= this.tree.size) {
        // A window of numbered points (byTrialNumber) ends with the grid: the service asks again for the rest.
        if (this.options.on_exhausted === 'error' && out.length > 0) break;
        out.push(this.afterExhaustion(seen, rng));
        continue;
      }
      const index = permutation ? permutation.at(position) : position;
      const params = this.tree.decode(index);
      position++;
      if (seen.has(params)) continue;
      seen.add(params);
      out.push({ params, reason: { strategy: 'grid', detail: `grid point ${index} of ${this.tree.size}` } });
    }
    return out;
  }

  private afterExhaustion(seen: SeenPoints, rng: Rng): Suggestion {
    if (this.options.on_exhausted === 'error') {
      throw new DomainError('grid_exhausted', `every one of the ${this.tree.size} grid points has been handed out`, undefined, {
        grid_size: this.tree.size.toString(),
      });
    }
    const params = unseenRandomParams(this.space, rng, seen);
    seen.add(params);
    return { params, reason: { strategy: 'grid', fallback: 'grid exhausted: random draw' } };
  }
}

function valueLists(space: SearchSpace, options: GridOptions): Map<string, ValueList> {
  const lists = new Map<string, ValueList>();
  for (const [name, spec] of Object.entries(space)) lists.set(name, valueList(spec as ParamSpec, own(options.values, name), options.grid_points));
  return lists;
}

function valueList(spec: ParamSpec, explicit: ParamValue[] | undefined, points: number): ValueList {
  if (explicit) return explicitValues(explicit);
  if (spec.type === 'categorical') return explicitValues(spec.choices);
  if (spec.type === 'float') return floatValues(spec, points);
  return steppedValues(spec);
}

import type { Params, SearchSpace } from '../../domain/space';
import { Rng } from '../../core/rng';
import { decodeUnitPoint } from '../../core/space';
import { INITIAL_POPULATION, type Sampler, type SamplerInput, type Suggestion } from '../sampler';
import { SeenPoints } from '../common/seen-points';
import { spaceFillingParams } from '../common/space-filling';
import type { GeneticOptions } from './genetic-options';
import { crossover, mutate, mutationSigmas, tournament } from './genetic-operators';
import { selectionFor, type Selection } from './parent-selection';

/** Children bred before giving up on avoiding a seen configuration and taking a Sobol point. */
const BREED_ATTEMPTS = 16;

/**
 * A steady-state genetic algorithm rebuilt from the trials on every ask: the population is the
 * best `population_size` completed trials (survivor selection over parents and children alike, so
 * the elite is never lost); each child comes from two tournament-selected parents by crossover
 * (with probability crossover_rate) and per-gene mutation, then is decoded through the space so
 * it holds exactly the parameters its own values switch on (genes of newly active parameters come
 * from the parent that has them, else from the prior). Until the population is full, Sobol points.
 * Children equal to a finished, pending or earlier-in-batch point are bred again.
 *
 * With several objectives it is a steady-state NSGA-II (strategy 'nsga2' in the reason): the
 * survivors are the best fronts of the constrained non-dominated sorting, the last one cut by
 * crowding distance, and parents come from binary tournaments on (rank, crowding). With one
 * objective and constraints, trials rank by (total violation, loss). See parent-selection.ts.
 */
export class GeneticSampler implements Sampler {
  readonly type = 'genetic';

  constructor(
    private readonly space: SearchSpace,
    private readonly options: GeneticOptions,
  ) {}

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    const rng = new Rng(input.seed);
    const seen = SeenPoints.fromInput(input);
    const selection = selectionFor(input, this.space, this.options.population_size, this.options.tournament_size);
    const out: Suggestion[] = [];
    for (let i = 0; i < input.count; i++) {
      const suggestion = selection.pool.length < this.options.population_size
        ? { params: spaceFillingParams(input, input.trialCount + i, seen), reason: { strategy: selection.strategy, detail: `${INITIAL_POPULATION}: sobol point ${input.trialCount + i}` } }
        : this.breed(selection, input, rng, seen);
      seen.add(suggestion.params);
      out.push(suggestion);
    }
    return out;
  }

  private breed(selection: Selection, input: SamplerInput, rng: Rng, seen: SeenPoints): Suggestion {
    const o = this.options;
    const { pool, strategy } = selection;
    const sigmas = mutationSigmas(pool, pool[0]?.unit.length ?? 0, o.mutation_scale);
    for (let attempt = 0; attempt < BREED_ATTEMPTS; attempt++) {
      const mother = tournament(pool, selection.tournamentSize, rng, selection.better);
      const father = tournament(pool, selection.tournamentSize, rng, selection.better);
      const crossed = rng.next() < o.crossover_rate ? crossover(this.space, mother.unit, father.unit, o.crossover, o.blend_alpha, rng) : mother.unit;
      const child = mutate(this.space, crossed, o.mutation_rate, sigmas, attempt > 0, rng);
      const params = this.decodeWithPrior(child, rng);
      if (!seen.has(params)) return { params, reason: { strategy, detail: selection.describe(mother, father) } };
    }
    return { params: spaceFillingParams(input, input.trialCount, seen), reason: { strategy, fallback: 'every child repeated a seen point: sobol point' } };
  }

  /** Decodes a child, drawing the genes that neither parent had (NaN) from the prior. */
  private decodeWithPrior(unit: Float64Array, rng: Rng): Params {
    return decodeUnitPoint(this.space, unit.map((u) => (Number.isNaN(u) ? rng.next() : u)));
  }
}

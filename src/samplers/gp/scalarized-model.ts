import { LruCache } from '../../core/lru-cache';
import { Rng } from '../../core/rng';
import type { SamplerInput } from '../sampler';
import { buildModel, type GpModel, type ModelSettings } from './model';
import type { CachedFit } from './model-cache';
import { observedTrials } from './observations';
import { lowestTarget, type OutcomeModels } from './outcome-models';

/** Weight of the sum term in the augmented Chebyshev scalarisation (ParEGO's 0.05). */
const AUGMENTATION = 0.05;
/** Salt of the weight stream, so the weights do not share draws with the search's stream. */
const WEIGHT_SALT = 0x2545f491;
/**
 * NOTE: a private fit cache: the scalarised losses change with every ask's weights, so their fits
 * are never reused, and in the shared cache (gpFitCache) they would only evict other studies' fits.
 */
const scalarFits = new LruCache<CachedFit>(4);

/**
 * ParEGO (Knowles 2006) for studies with more objectives than the exact log-EHVI handles: each
 * COMPLETE trial's losses, normalised to [0, 1] by the observed range of each objective, are
 * scalarised with augmented Chebyshev under a weight drawn uniformly from the simplex (seeded by the
 * ask's seed), max_j w_j z_j + 0.05 sum_j w_j z_j, and one GP is fitted to that loss (pruned trials
 * at its median, failed ones at its worst, as observedTrials does). `bestTarget` is the lowest
 * target among feasible trials (null while none is feasible), the incumbent of its log-EI.
 */
export function scalarizedModel(input: SamplerInput, models: OutcomeModels, settings: ModelSettings): { model: GpModel; bestTarget: number | null } {
  const rng = new Rng((input.seed ^ WEIGHT_SALT) >>> 0);
  const m = models.objectives.length;
  const draws = Array.from({ length: m }, () => -Math.log(1 - rng.next()));
  const total = draws.reduce((s, v) => s + v, 0);
  const weights = draws.map((v) => v / total);
  const losses = input.completed.map((t) => t.losses as number[]);
  // Halved before subtracting (exact), so objectives told near +-Number.MAX_VALUE keep a finite range.
  const low = weights.map((_, j) => Math.min(...losses.map((l) => l[j] as number)) / 2);
  const range = weights.map((_, j) => Math.max(...losses.map((l) => l[j] as number)) / 2 - (low[j] as number) || 1);
  const completed = input.completed.map((t, i) => {
    const terms = weights.map((w, j) => (w * ((losses[i]![j] as number) / 2 - (low[j] as number))) / (range[j] as number));
    return { number: t.number, params: t.params, loss: Math.max(...terms) + AUGMENTATION * terms.reduce((s, v) => s + v, 0) };
  });
  const trials = observedTrials({ completed, pruned: input.pruned.map((t) => ({ ...t, loss: null })), failed: input.failed });
  const model = buildModel(input.space, trials, { ...settings, cache: scalarFits, stream: `${settings.stream ?? ''}|scalarized` });
  const feasible = completed.filter((_, i) => models.outcomes[i]?.feasible);
  return { model, bestTarget: feasible.length > 0 ? lowestTarget(model, feasible) : null };
}

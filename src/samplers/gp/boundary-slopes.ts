import type { FeatureEncoder } from '../../core/gp/encoding';
import type { SlopeSite } from '../../core/gp/virtual-slopes';
import { optimizeAcquisition, type AcquisitionSearch, type ScoredPoint } from '../../core/optimize/optimize-acquisition';
import type { Rng } from '../../core/rng';
import { fromUnit, toUnit } from '../../core/space';
import { own, type Params } from '../../domain/space';
import type { SlopeConditioning } from './search-plan';

/**
 * A continuous parameter this close to a bound (share of its unit range) counts as on it. NOTE:
 * the acquisition search's projected L-BFGS and clamped perturbations land exactly on bounds; the
 * margin also catches a point one step inside.
 */
const NEAR_BOUND = 0.01;
/** Most rounds of virtual slopes one ask adds (one acquisition search each). */
const MAX_SLOPE_ROUNDS = 3;

/**
 * Virtual slope sites for a point of the search: one per active numeric parameter that sits on
 * a bound (an integer or stepped float at its end value, a float within NEAR_BOUND of its range's
 * end), at the point projected onto that bound, saying the loss rises outwards there.
 */
export function boundarySites(encoder: FeatureEncoder, params: Params, features: Float64Array): SlopeSite[] {
  const sites: SlopeSite[] = [];
  for (const p of encoder.params) {
    const value = own(params, p.name);
    if (p.spec.type === 'categorical' || value === undefined) continue;
    const u = features[p.offset] as number;
    const [low, high] = p.kind === 'continuous' ? [0, 1] : [toUnit(p.spec, fromUnit(p.spec, 0)), toUnit(p.spec, fromUnit(p.spec, 1))];
    const margin = p.kind === 'continuous' ? NEAR_BOUND : 1e-12;
    for (const [bound, outward] of [[low, -1], [high, 1]] as const) {
      if (Math.abs(u - bound) > margin) continue;
      const point = Float64Array.from(features);
      point[p.offset] = bound;
      sites.push({ point, feature: p.offset, outward });
    }
  }
  return sites;
}

/**
 * The ranked points of a search once its acquisition has been corrected at the bounds its best
 * points sit on (`conditioned`, see SearchPlan.slopeConditioned): while the best unevaluated point
 * lies on a bound, virtual slope sites are added there and the search runs again on the corrected
 * acquisition, up to MAX_SLOPE_ROUNDS times and while `affordsSearch()` (the ask's deadline) allows
 * another search. Returns `ranked` itself when there is no correction or no site is kept.
 */
export function searchWithBoundarySlopes(encoder: FeatureEncoder, ranked: ScoredPoint[], conditioned: SlopeConditioning | undefined, rng: Rng, search: AcquisitionSearch, unevaluated: (p: ScoredPoint) => boolean, affordsSearch: () => boolean): ScoredPoint[] {
  if (!conditioned) return ranked;
  const sites: SlopeSite[] = [];
  let kept = 0;
  let out = ranked;
  for (let round = 0; round < MAX_SLOPE_ROUNDS; round++) {
    const top = out.find(unevaluated) ?? out[0];
    const fresh = top ? boundarySites(encoder, top.params, top.features) : [];
    if (fresh.length === 0 || !affordsSearch()) break;
    sites.push(...fresh);
    const next = conditioned(sites, rng.fork());
    if (next.kept <= kept) break;
    kept = next.kept;
    const again = optimizeAcquisition(encoder, next.acquisition, rng.fork(), search);
    if (again.length === 0) break;
    out = again;
  }
  return out;
}

import type { Params, SearchSpace } from '../../domain/space';
import type { Rng } from '../rng';
import { decodeUnitPoint } from './transform';

/** Number of unit-cube coordinates of a space: one per parameter (see parameterOrder). */
export function unitDimension(space: SearchSpace): number {
  return Object.keys(space).length;
}

/** Draws params from the space's prior (uniform, log-uniform for log parameters), active ones only. */
export function sampleParams(space: SearchSpace, rng: Rng): Params {
  const u = new Float64Array(unitDimension(space));
  for (let i = 0; i < u.length; i++) u[i] = rng.next();
  return decodeUnitPoint(space, u);
}

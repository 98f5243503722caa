import type { Params, SearchSpace } from '../../domain/space';
import { decodeUnitPoint } from '../../core/space';
import type { SamplerInput } from '../sampler';
import { sobolStreamSeed, sobolUnitPoints } from '../sobol';
import type { SeenPoints } from './seen-points';

/**
 * Point number `index` of the study's scrambled Sobol sequence, decoded into params; when it repeats
 * a seen configuration (a small discrete space), the following Sobol points are tried, up to 64.
 * Used for initial designs and restarts so they cover the space evenly across asks.
 */
export function spaceFillingParams(input: Pick<SamplerInput, 'space' | 'studySeed'>, index: number, seen: SeenPoints): Params {
  const space: SearchSpace = input.space;
  const points = sobolUnitPoints(space, sobolStreamSeed(input), index, 64);
  let params = decodeUnitPoint(space, points[0] as Float64Array);
  for (let i = 1; i < points.length && seen.has(params); i++) params = decodeUnitPoint(space, points[i] as Float64Array);
  return params;
}

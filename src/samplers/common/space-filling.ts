import type { Params, SearchSpace } from '../../domain/space';
import { decodeUnitPoint, unitDimension } from '../../core/space';
import { SobolSequence } from '../../core/sobol';
import type { SamplerInput } from '../sampler';
import { sobolStreamSeed } from '../sobol';
import type { SeenPoints } from './seen-points';

/** How many Sobol points spaceFillingParams tries before it gives up on an unseen configuration. */
const SPACE_FILLING_TRIES = 64;

/**
 * Point number `index` of the study's scrambled Sobol sequence, decoded into params; when it repeats
 * a seen configuration (a small discrete space), the following Sobol points are tried, up to
 * SPACE_FILLING_TRIES in all; when every one of them is seen, the last is returned (the caller can
 * tell with `seen.has`). Used for initial designs and restarts so they cover the space evenly
 * across asks.
 */
export function spaceFillingParams(input: Pick<SamplerInput, 'space' | 'studySeed'>, index: number, seen: SeenPoints): Params {
  const space: SearchSpace = input.space;
  const sequence = new SobolSequence(unitDimension(space), sobolStreamSeed(input));
  sequence.seek(index);
  let params = decodeUnitPoint(space, sequence.next());
  for (let i = 1; i < SPACE_FILLING_TRIES && seen.has(params); i++) params = decodeUnitPoint(space, sequence.next());
  return params;
}

/**
 * The space-filling points of trial numbers start .. start + count - 1 (spaceFillingParams of
 * each), each recorded in `seen` before the next is drawn, so no two of a round repeat each other
 * while unseen configurations remain within reach. `repeats` counts the points that repeat a
 * configuration anyway (every tried Sobol point was seen: a nearly exhausted discrete space).
 */
export function spaceFillingRound(input: Pick<SamplerInput, 'space' | 'studySeed'>, start: number, count: number, seen: SeenPoints): { params: Params[]; repeats: number } {
  const params: Params[] = [];
  let repeats = 0;
  for (let i = 0; i < count; i++) {
    const p = spaceFillingParams(input, start + i, seen);
    if (seen.has(p)) repeats++;
    seen.add(p);
    params.push(p);
  }
  return { params, repeats };
}

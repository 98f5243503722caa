import { fnv1aText } from '../core/fnv1a';
import { SobolSequence } from '../core/sobol';
import { decodeUnitPoint, unitDimension } from '../core/space';
import type { SearchSpace } from '../domain/space';
import { defineSampler, type Sampler, type SamplerInput, type Suggestion } from './sampler';
import { samplerOption } from './options';

/**
 * The seed of a study's Sobol scramble: `input.studySeed` when the service passes it, otherwise a
 * hash of the space's JSON, so successive asks of one study always continue the same sequence.
 */
export function sobolStreamSeed(input: Pick<SamplerInput, 'space' | 'studySeed'>): number {
  if (input.studySeed !== undefined) return input.studySeed;
  return fnv1aText(JSON.stringify(input.space));
}

/**
 * `count` consecutive points of the study's scrambled Sobol sequence from index `start`, as unit
 * points with one coordinate per parameter in parameterOrder(space).
 */
export function sobolUnitPoints(space: SearchSpace, seed: number, start: number, count: number): Float64Array[] {
  const sequence = new SobolSequence(unitDimension(space), seed);
  sequence.seek(start);
  return Array.from({ length: count }, () => sequence.next());
}

/**
 * Quasi-random space filling: point number `input.trialCount` (and the following ones for count > 1)
 * of a scrambled Sobol sequence fixed per study, decoded with decodeUnitPoint (conditional
 * parameters take the coordinates of their own dimension when active).
 */
export class SobolSampler implements Sampler {
  readonly type = 'sobol';
  readonly history = 'count';
  readonly byTrialNumber = true;

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    const points = sobolUnitPoints(input.space, sobolStreamSeed(input), input.trialCount, input.count);
    return points.map((u, i) => ({
      params: decodeUnitPoint(input.space, u),
      reason: { strategy: 'sobol', detail: `sobol point ${input.trialCount + i}` },
    }));
  }
}

export const sobolFactory = defineSampler({
  type: 'sobol',
  history: 'count',
  byTrialNumber: true,
  // Its points do not depend on the objectives: any number of them works unchanged.
  multiObjective: true,
  description: 'Scrambled Sobol quasi-random sequence: fills the space more evenly than random draws.',
  options: (raw) => samplerOption.none(raw),
  build: () => new SobolSampler(),
});

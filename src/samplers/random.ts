import { Rng } from '../core/rng';
import { sampleParams } from '../core/space';
import { defineSampler, type Sampler, type SamplerInput, type Suggestion } from './sampler';
import { samplerOption } from './options';

/** Independent draws from the prior of each parameter (log-uniform for log parameters). */
export class RandomSampler implements Sampler {
  readonly type = 'random';
  readonly history = 'count';
  readonly byTrialNumber = true;

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    const rng = new Rng(input.seed);
    return Array.from({ length: input.count }, () => ({
      params: sampleParams(input.space, rng),
      reason: { strategy: 'random' },
    }));
  }
}

export const randomFactory = defineSampler({
  type: 'random',
  history: 'count',
  byTrialNumber: true,
  // Its points do not depend on the objectives: any number of them works unchanged.
  multiObjective: true,
  description: 'Independent uniform draws (log-uniform for log parameters).',
  options: (raw) => samplerOption.none(raw),
  build: () => new RandomSampler(),
});

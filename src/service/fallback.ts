import { Rng } from '../core/rng';
import { DomainError } from '../domain/errors';
import { hasContinuousParameter, type Params } from '../domain/space';
import type { Study } from '../domain/study';
import { SeenPoints, unseenRandomParams } from '../samplers/common/seen-points';
import { RandomSampler } from '../samplers/random';
import type { SamplerInput, Suggestion } from '../samplers/sampler';
import type { AskSettings } from './ask-settings';

/**
 * Random points in place of the study's sampler, each with `reason` as its declared fallback (P7;
 * the observer counts those handed out, at their commit). A DomainError in `cause` is the caller's fault and is rethrown
 * instead: it must reach the client, not be papered over.
 * On a space without a continuous parameter the points skip configurations in `input`'s history and
 * pending list, and each other, while random draws find fresh ones (see unseenPoints); on
 * others they are the random sampler's.
 */
export async function fallbackSuggestions(study: Study, input: Omit<SamplerInput, 'budget'>, reason: string, cause: unknown, settings: Pick<AskSettings, 'now'>): Promise<Suggestion[]> {
  if (cause instanceof DomainError) throw cause;
  const points = hasContinuousParameter(input.space)
    ? await new RandomSampler().suggest({ ...input, budget: { deadlineMs: 1, now: settings.now } })
    : unseenPoints(input).map((params) => ({ params, reason: { strategy: 'random' } }));
  return points.map((s) => ({ params: s.params, reason: { ...s.reason, fallback: reason } }));
}

/**
 * `input.count` random configurations from `input.seed`, each not in the history, the pending list
 * or the points before it while random draws find one (unseenRandomParams).
 * NOTE: the deadline's random points repeated configurations: 32 workers on a 125-configuration
 * space with every ask past its deadline (150 ms) were handed 90 trials of 60 configurations.
 */
function unseenPoints(input: Omit<SamplerInput, 'budget'>): Params[] {
  const rng = new Rng(input.seed);
  const seen = SeenPoints.fromInput(input);
  return Array.from({ length: input.count }, () => {
    const params = unseenRandomParams(input.space, rng, seen);
    seen.add(params);
    return params;
  });
}

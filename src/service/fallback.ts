import { DomainError } from '../domain/errors';
import type { Study } from '../domain/study';
import { RandomSampler } from '../samplers/random';
import type { SamplerInput, Suggestion } from '../samplers/sampler';
import type { AskSettings } from './ask-settings';

/**
 * Random points in place of the study's sampler, each with `reason` as its declared fallback (P7;
 * the observer counts those handed out, at their commit). A DomainError in `cause` is the caller's fault and is rethrown
 * instead: it must reach the client, not be papered over.
 */
export async function fallbackSuggestions(study: Study, input: Omit<SamplerInput, 'budget'>, reason: string, cause: unknown, settings: Pick<AskSettings, 'now'>): Promise<Suggestion[]> {
  if (cause instanceof DomainError) throw cause;
  const points = await new RandomSampler().suggest({ ...input, budget: { deadlineMs: 1, now: settings.now } });
  return points.map((s) => ({ params: s.params, reason: { ...s.reason, fallback: reason } }));
}

import { mixSeeds } from '../core/rng';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import { DomainError } from '../domain/errors';
import { RandomSampler } from '../samplers/random';
import { createSampler } from '../samplers/registry';
import type { Suggestion } from '../samplers/sampler';
import type { ServiceObserver } from './observer';
import { samplerHistory } from './trial-history';

/** What one round of suggestions needs besides the study and its trials. */
export interface SuggestContext {
  count: number;
  deadlineMs: number;
  now: () => number;
  observer: ServiceObserver;
}

/**
 * Runs the study's sampler on its history for `count` new points. The seed is derived from the
 * study's seed and the number of trials, so the same history gives the same suggestions.
 * NOTE: a sampler that throws anything but a DomainError (a numerical failure deep in a model)
 * must not lose the ask: random search answers instead, and the reason says so (P7).
 */
export async function suggest(study: Study, trials: Trial[], ctx: SuggestContext): Promise<Suggestion[]> {
  if (ctx.count === 0) return [];
  const history = samplerHistory(trials, study.direction);
  const input = {
    ...history,
    space: study.space,
    count: ctx.count,
    seed: mixSeeds(study.sampler.seed ?? 0, history.trialCount),
    studySeed: study.sampler.seed,
    budget: { deadlineMs: ctx.deadlineMs, now: ctx.now },
  };
  try {
    const suggestions = await createSampler(study.sampler, study.space).suggest(input);
    for (const s of suggestions) {
      if (s.reason.fallback) ctx.observer.fellBack(study.sampler.type, s.reason.fallback, study.id);
    }
    return suggestions;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const reason = `sampler error: ${(err as Error).message}`;
    ctx.observer.fellBack(study.sampler.type, 'sampler error', study.id);
    const fallback = await new RandomSampler().suggest(input);
    return fallback.map((s) => ({ params: s.params, reason: { ...s.reason, fallback: reason } }));
  }
}

import { mixSeeds } from '../core/rng';
import type { Study } from '../domain/study';
import { DomainError } from '../domain/errors';
import { RandomSampler } from '../samplers/random';
import type { Sampler, Suggestion } from '../samplers/sampler';
import type { HistorySnapshot } from './history-snapshot';
import type { ServiceObserver } from './observer';
import { remainingMs, type SamplerJob, type SamplerRunner } from './sampler-runner';

/** What one round of suggestions needs besides the study and its trials. */
export interface SuggestContext {
  count: number;
  /** Epoch ms by which the sampler must answer (see AskSettings.deadlineAt). */
  deadlineAt: number;
  now: () => number;
  observer: ServiceObserver;
  /** Mixed into the seed when non-zero, so concurrent asks on one snapshot differ (see StudyService.ask). */
  salt: number;
  /** Where the sampler runs (inline, or on the sampler worker thread). */
  runner: SamplerRunner;
}

/**
 * Runs the study's sampler (built by createSampler from its config) on a snapshot of its history
 * (as much as the sampler declared it needs) for `count` new points. The seed is derived from the
 * study's seed and the number of trials (and the ask's salt), so the same history gives the same suggestions.
 * NOTE: a sampler that throws anything but a DomainError (a numerical failure deep in a model)
 * must not lose the ask: random search answers instead, and the reason says so (P7).
 */
export async function suggest(study: Study, sampler: Sampler, { history }: HistorySnapshot, ctx: SuggestContext): Promise<Suggestion[]> {
  if (ctx.count === 0) return [];
  const job: SamplerJob = {
    config: study.sampler,
    space: study.space,
    input: {
      ...history,
      space: study.space,
      count: ctx.count,
      seed: ctx.salt === 0 ? mixSeeds(study.sampler.seed ?? 0, history.trialCount) : mixSeeds(study.sampler.seed ?? 0, history.trialCount, ctx.salt),
      studySeed: study.sampler.seed,
    },
    deadlineAt: ctx.deadlineAt,
  };
  try {
    const suggestions = await ctx.runner.run(job, sampler);
    for (const s of suggestions) {
      if (s.reason.fallback) ctx.observer.fellBack(study.sampler.type, s.reason.fallback, study.id);
    }
    return suggestions;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const reason = `sampler error: ${(err as Error).message}`;
    ctx.observer.fellBack(study.sampler.type, 'sampler error', study.id);
    const fallback = await new RandomSampler().suggest({ ...job.input, budget: { deadlineMs: remainingMs(job, ctx.now()), now: ctx.now } });
    return fallback.map((s) => ({ params: s.params, reason: { ...s.reason, fallback: reason } }));
  }
}

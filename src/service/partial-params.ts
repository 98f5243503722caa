import { Rng, mixSeeds } from '../core/rng';
import { conditionHolds, fromUnit, parameterOrder, validateParams } from '../core/space';
import { own, type Params, type ParamSpec, type SearchSpace } from '../domain/space';
import type { Study } from '../domain/study';
import { fnv1aText } from '../core/fnv1a';
import type { Deadline } from '../domain/deadline';
import { DomainError } from '../domain/errors';
import type { RoundSettings } from './ask-settings';
import type { SuggestJob } from './sampler-job';

/** True when `fixed` leaves out a parameter that is active for the values it gives. */
export function leavesParamsOut(space: SearchSpace, fixed: Params): boolean {
  const seen: Params = {};
  for (const name of parameterOrder(space)) {
    if (!conditionHolds(space[name] as ParamSpec, seen)) continue;
    if (!Object.prototype.hasOwnProperty.call(fixed, name)) return true;
    seen[name] = fixed[name] as Params[string];
  }
  return false;
}

/** NOTE: a constant salt keeps enqueue fills reproducible yet apart from the anonymous ask stream. */
const ENQUEUE_SALT = fnv1aText('baytune:enqueue');

/**
 * Completes the params of a partial enqueue as Optuna's enqueue_trial does: the given ones are fixed,
 * the study's sampler (on the current history, as an ask would run it) proposes the rest, and a
 * parameter that only becomes active through a fixed value, so the sampler's point lacks it, is
 * drawn from its prior (seeded from the study seed and trial count). Returns the full params and
 * the names the sampler filled. Throws invalid_params when a fixed parameter is inactive for the
 * filled values (fix its parent too).
 */
export async function fillPartialParams(study: Study, fixed: Params, deadline: Deadline, settings: RoundSettings): Promise<{ params: Params; filled: string[] }> {
  const { history } = await settings.histories.snapshot(study);
  const seed = mixSeeds(study.sampler.seed ?? 0, history.trialCount, ENQUEUE_SALT);
  const proposed = await propose(study, { kind: 'suggest', studyId: study.id, config: study.sampler, input: { ...history, space: study.space, count: 1, seed, studySeed: study.sampler.seed }, deadline }, settings);
  const rng = new Rng(seed);
  const merged: Params = {};
  const filled: string[] = [];
  for (const name of parameterOrder(study.space)) {
    if (!conditionHolds(study.space[name] as ParamSpec, merged)) continue;
    if (Object.prototype.hasOwnProperty.call(fixed, name)) {
      merged[name] = fixed[name] as Params[string];
      continue;
    }
    const spec = study.space[name] as ParamSpec;
    merged[name] = own(proposed, name) ?? fromUnit(spec, rng.next());
    filled.push(name);
  }
  // Own-property checks throughout: names such as `constructor` or `toString` are plain parameters (P8).
  for (const name of Object.keys(fixed)) if (own(merged, name) === undefined) merged[name] = fixed[name] as Params[string];
  return { params: validateParams(study.space, merged), filled };
}

/**
 * The sampler's one point for a fill, run where asks run it (the sampler threads). A failing
 * sampler (not a DomainError) proposes nothing, so every free parameter is drawn from its prior;
 * the observer counts that as a fallback.
 */
async function propose(study: Study, job: SuggestJob, settings: RoundSettings): Promise<Params> {
  try {
    const answer = await settings.runner.run(job);
    settings.observer.fitted(study.sampler.type, answer.fits);
    return answer.suggestions?.[0]?.params ?? {};
  } catch (error) {
    if (error instanceof DomainError) throw error;
    settings.observer.fellBack(study.sampler.type, `sampler error: ${(error as Error).message}`, study.id);
    return {};
  }
}

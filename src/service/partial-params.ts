import { Rng, mixSeeds } from '../core/rng';
import { conditionHolds, fromUnit, parameterOrder, validateParams } from '../core/space';
import type { Params, ParamSpec, SearchSpace } from '../domain/space';
import type { Study } from '../domain/study';
import { createSampler } from '../samplers/registry';
import type { Storage } from '../storage/port';
import { hashText } from './concurrent-asks';
import { readHistory } from './history-snapshot';
import { suggest, type SuggestContext } from './suggest';

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
const ENQUEUE_SALT = hashText('baytune:enqueue');

/**
 * Completes the params of a partial enqueue as Optuna's enqueue_trial does: the given ones are fixed,
 * the study's sampler (on the current history, as an ask would run it) proposes the rest, and a
 * parameter that only becomes active through a fixed value, so the sampler's point lacks it, is
 * drawn from its prior (seeded from the study seed and trial count). Returns the full params and
 * the names the sampler filled. Throws invalid_params when a fixed parameter is inactive for the
 * filled values (fix its parent too).
 */
export async function fillPartialParams(storage: Storage, study: Study, fixed: Params, ctx: Omit<SuggestContext, 'count' | 'salt'>): Promise<{ params: Params; filled: string[] }> {
  const sampler = createSampler(study.sampler, study.space);
  const snapshot = await readHistory(storage, study, sampler.history ?? 'full');
  const [suggestion] = await suggest(study, sampler, snapshot, { ...ctx, count: 1, salt: ENQUEUE_SALT });
  const proposed = suggestion?.params ?? {};
  const rng = new Rng(mixSeeds(study.sampler.seed ?? 0, snapshot.history.trialCount, ENQUEUE_SALT));
  const merged: Params = {};
  const filled: string[] = [];
  for (const name of parameterOrder(study.space)) {
    if (!conditionHolds(study.space[name] as ParamSpec, merged)) continue;
    if (Object.prototype.hasOwnProperty.call(fixed, name)) {
      merged[name] = fixed[name] as Params[string];
      continue;
    }
    const spec = study.space[name] as ParamSpec;
    merged[name] = proposed[name] ?? fromUnit(spec, rng.next());
    filled.push(name);
  }
  for (const name of Object.keys(fixed)) if (!(name in merged)) merged[name] = fixed[name] as Params[string];
  return { params: validateParams(study.space, merged), filled };
}

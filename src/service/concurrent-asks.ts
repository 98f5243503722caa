import { encodeUnitPoint } from '../core/space';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { Storage } from '../storage/port';

/** NOTE: two points closer than this in every unit coordinate count as the same point (P6's 1e-9). */
const SAME_POINT = 1e-9;

function samePoint(study: Study, a: Trial, b: Trial): boolean {
  const u = encodeUnitPoint(study.space, a.params);
  const v = encodeUnitPoint(study.space, b.params);
  return u.every((x, i) => {
    const y = v[i] as number;
    return Number.isNaN(x) ? Number.isNaN(y) : Math.abs(x - y) < SAME_POINT;
  });
}

/**
 * Of `fresh` (trials this ask just appended from its sampler), those duplicating a trial another
 * asker appended after this ask's snapshot of `snapshotCount` trials: the sampler could not see it
 * as pending (another replica, or a concurrent ask, read the same snapshot). Only spaces with a
 * float parameter are checked; in a discrete space a repeated configuration is legitimate.
 * Between two colliding trials the higher-numbered one is the duplicate, so exactly one asker acts.
 */
export async function concurrentDuplicates(storage: Storage, study: Study, snapshotCount: number, fresh: Trial[]): Promise<Trial[]> {
  if (fresh.length === 0 || !Object.values(study.space).some((spec) => spec.type === 'float')) return [];
  const first = Math.min(...fresh.map((t) => t.number));
  if (first <= snapshotCount) return [];
  const others = await storage.listTrials(study.id, { after: snapshotCount - 1, limit: first - snapshotCount });
  return fresh.filter((mine) => others.some((other) => samePoint(study, mine, other)));
}

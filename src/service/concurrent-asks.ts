import { encodeUnitPoint } from '../core/space';
import { hasContinuousParameter } from '../domain/space';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { Storage } from '../storage/port';
import { SeenPoints } from '../samplers/common/seen-points';
import type { SamplerInput } from '../samplers/sampler';

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
 * What the duplicate check (concurrentDuplicates) reads of the history an ask's suggestions were
 * drawn on: its trial count and, on a space without a continuous parameter, the configurations it held
 * (null otherwise: there every collision counts). Small enough to keep with a study's spare points
 * after the history itself has moved on.
 */
export interface AskSnapshot {
  trialCount: number;
  seen: SeenPoints | null;
}

/** The AskSnapshot of a history of `study`. */
export function askSnapshot(study: Study, history: Pick<SamplerInput, 'completed' | 'pruned' | 'failed' | 'pending' | 'trialCount'>): AskSnapshot {
  return { trialCount: history.trialCount, seen: hasContinuousParameter(study.space) ? null : SeenPoints.fromInput(history) };
}

/**
 * Of `fresh` (trials this ask just appended from its sampler), those duplicating a trial another
 * asker appended after this ask's `snapshot`: the sampler could not see it as pending (another
 * replica, or a concurrent ask, read the same snapshot). Between two colliding trials the
 * higher-numbered one is the duplicate, so exactly one asker acts.
 * In a space without a continuous parameter a repeated configuration can be deliberate (an exhausted
 * space, a noisy study's re-evaluation), so there a collision counts only when the configuration
 * was new in the snapshot: the sampler meant a fresh configuration, and the next round, seeing the
 * other's as pending, draws another while the space has one.
 * NOTE: until the eleventh session discrete spaces were never checked: on PostgreSQL, 6 concurrent
 * asks of one over 2 replicas on a 6-configuration space got 4-5 distinct configurations.
 */
export async function concurrentDuplicates(storage: Storage, study: Study, snapshot: AskSnapshot, fresh: Trial[]): Promise<Trial[]> {
  if (fresh.length === 0) return [];
  const first = Math.min(...fresh.map((t) => t.number));
  if (first <= snapshot.trialCount) return [];
  const others = await storage.listTrials(study.id, { after: snapshot.trialCount - 1, limit: first - snapshot.trialCount });
  const colliding = fresh.filter((mine) => others.some((other) => samePoint(study, mine, other)));
  const { seen } = snapshot;
  return seen === null ? colliding : colliding.filter((mine) => !seen.has(mine.params));
}

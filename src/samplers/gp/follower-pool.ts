import type { Acquisition } from '../../core/acquisition/acquisition';
import type { ScoredPoint } from '../../core/optimize/optimize-acquisition';
import { entriesKey } from '../../core/linalg/vectors';

/** A pooled candidate and an upper bound on its current acquisition value. */
interface PoolEntry {
  point: ScoredPoint;
  bound: number;
}

/**
 * The scored candidates of a round's searches, from which the round's later points are drawn
 * without a search of their own: the best acceptable candidate under the current acquisition, by
 * lazy greedy evaluation. A candidate's last computed value bounds its value from above for the
 * rest of the round, because conditioning on a chosen point at its posterior mean (kriging
 * believer) leaves the mean where it was, shrinks the variance and can only lower the believed
 * incumbent, and EI and the confidence bound fall with both. So a candidate is evaluated again only
 * while its bound beats the best value found in this draw; the answer is the one a full evaluation
 * of the pool would give.
 * Invariant: entries are sorted by decreasing bound between draws; no two share features.
 */
export class FollowerPool {
  private entries: PoolEntry[] = [];
  private readonly keys = new Set<string>();

  /**
   * Adds scored points (their values under an acquisition of this round, before later
   * conditioning) or, without values, candidates the next draw evaluates first.
   */
  add(points: readonly (Omit<ScoredPoint, 'value'> & { value?: number })[]): void {
    for (const point of points) {
      const bound = point.value ?? Infinity;
      if (Number.isNaN(bound) || bound === -Infinity) continue;
      const key = entriesKey(point.features);
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      this.entries.push({ point: { ...point, value: bound }, bound });
    }
    this.entries.sort((a, b) => b.bound - a.bound);
  }

  /** Number of pooled candidates. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * The acceptable candidate of greatest value under `acquisition` (which must be no greater than
   * the acquisitions that scored the pool, anywhere), with that value; null when none is acceptable.
   * `acceptable` may only grow stricter over the pool's draws (a round's chosen points only add to
   * what is taken), so a candidate found unacceptable leaves the pool for good.
   * `evaluations` counts the acquisition values computed (for the reason and the benchmarks).
   */
  best(acquisition: Acquisition, acceptable: (p: ScoredPoint) => boolean): { point: ScoredPoint; evaluations: number } | null {
    let best: PoolEntry | null = null;
    const dropped = new Set<PoolEntry>();
    const fresh: PoolEntry[] = [];
    for (const e of this.entries) {
      if (e.bound !== Infinity) continue;
      if (acceptable(e.point)) fresh.push(e);
      else dropped.add(e);
    }
    const values = fresh.length > 0 ? acquisition.values(fresh.map((e) => e.point.features)) : new Float64Array(0);
    fresh.forEach((e, i) => (e.bound = values[i] as number));
    this.entries.sort((a, b) => b.bound - a.bound);
    let evaluations = fresh.length;
    for (const entry of this.entries) {
      if (best && best.bound >= entry.bound) break;
      if (dropped.has(entry)) continue;
      if (!acceptable(entry.point)) {
        dropped.add(entry);
        continue;
      }
      entry.bound = acquisition.value(entry.point.features);
      evaluations += 1;
      if (!best || entry.bound > best.bound) best = entry;
    }
    // Dropped entries keep their keys: a candidate once unacceptable is not pooled again.
    if (dropped.size > 0) this.entries = this.entries.filter((e) => !dropped.has(e));
    this.entries.sort((a, b) => b.bound - a.bound);
    return best && Number.isFinite(best.bound) ? { point: { ...best.point, value: best.bound }, evaluations } : null;
  }
}

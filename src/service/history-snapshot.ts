import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { HistoryNeed, SamplerInput } from '../samplers/sampler';
import type { Storage } from '../storage/port';
import { loadAllTrials, samplerHistory } from './trial-history';

/** The history part of a SamplerInput, plus how many WAITING trials the queue held at read time. */
export interface HistorySnapshot {
  history: Pick<SamplerInput, 'completed' | 'pruned' | 'pending' | 'trialCount'>;
  waiting: number;
}

const TAIL_PAGE = 1000;
const MAX_REMEMBERED_STUDIES = 10_000;

/**
 * Counts a study's trials without reading them all. Trial numbers are gapless from 0 and never
 * reused, so the count is the highest number + 1; the counter remembers the count it last saw per
 * study and reads only the trials numbered from there on (the handful created since, by this or
 * another replica). The memory is a hint, never trusted beyond "at least this many".
 */
export class TrialCounter {
  private readonly seen = new Map<string, number>();

  async count(storage: Storage, studyId: string): Promise<number> {
    let known = this.seen.get(studyId) ?? 0;
    for (;;) {
      const tail = await storage.listTrials(studyId, { after: known - 1, limit: TAIL_PAGE });
      const last = tail[tail.length - 1];
      if (last !== undefined) known = last.number + 1;
      if (tail.length < TAIL_PAGE) break;
    }
    this.remember(studyId, known);
    return known;
  }

  private remember(studyId: string, count: number): void {
    this.seen.delete(studyId);
    // NOTE: a Map iterates in insertion order, so deleting and re-inserting makes the first key the
    // least recently counted study: dropping it bounds the memory at MAX_REMEMBERED_STUDIES entries.
    if (this.seen.size >= MAX_REMEMBERED_STUDIES) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(studyId, count);
  }
}

/**
 * Reads what a sampler needs of a study's history. 'full' loads every trial (one consistent page
 * walk); 'count' reads only the trial count and the queue length, leaving the lists empty.
 */
export async function readHistory(storage: Storage, study: Study, need: HistoryNeed, counter: TrialCounter): Promise<HistorySnapshot> {
  if (need === 'count') {
    const [trialCount, waiting] = await Promise.all([counter.count(storage, study.id), storage.countWaiting(study.id)]);
    return { history: { completed: [], pruned: [], pending: [], trialCount }, waiting };
  }
  const trials: Trial[] = await loadAllTrials(storage, study.id);
  const waiting = trials.filter((t) => t.state === 'WAITING').length;
  return { history: samplerHistory(trials, study.direction), waiting };
}

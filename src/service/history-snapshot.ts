import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { HistoryNeed, SamplerInput } from '../samplers/sampler';
import type { Storage, TrialCounts } from '../storage/port';
import { loadAllTrials, samplerHistory } from './trial-history';

/** The history part of a SamplerInput, plus how many WAITING trials the queue held at read time. */
export interface HistorySnapshot {
  history: Pick<SamplerInput, 'completed' | 'pruned' | 'failed' | 'pending' | 'trialCount'>;
  waiting: number;
}

/**
 * Reads what a sampler needs of a study's history. 'full' loads every trial (one consistent page
 * walk); 'count' reads only the trial count and the queue length (or takes `counts` when the
 * caller has just read them), leaving the lists empty.
 */
export async function readHistory(storage: Storage, study: Study, need: HistoryNeed, counts?: TrialCounts): Promise<HistorySnapshot> {
  if (need === 'count') {
    const { total, waiting } = counts ?? (await storage.countTrials(study.id));
    return { history: { completed: [], pruned: [], pending: [], trialCount: total }, waiting };
  }
  const trials: Trial[] = await loadAllTrials(storage, study.id);
  const waiting = trials.filter((t) => t.state === 'WAITING').length;
  return { history: samplerHistory(trials, study.direction), waiting };
}

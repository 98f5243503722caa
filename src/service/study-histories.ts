import { LruCache } from '../core/lru-cache';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { SamplerInput } from '../samplers/sampler';
import type { Storage } from '../storage/port';
import { toLoss } from '../domain/study';
import { loadTrialsFrom } from './trial-history';

/** The history part of a SamplerInput, plus how many WAITING trials the queue held at read time. */
export interface HistorySnapshot {
  history: Pick<SamplerInput, 'completed' | 'pruned' | 'failed' | 'pending' | 'trialCount'>;
  waiting: number;
}

/** A study's finished trials below `firstOpen`, parsed once: finished trials never change. */
interface KeptHistory {
  /** Every trial numbered below this is COMPLETE, PRUNED or FAIL. */
  firstOpen: number;
  completed: SamplerInput['completed'];
  pruned: SamplerInput['pruned'];
  /** FAIL trials: a region to avoid, with no value (P5). */
  failed: NonNullable<SamplerInput['failed']>;
}

/** Studies whose parsed history is kept (about 100 bytes a trial plus its params). */
export const KEPT_HISTORIES = 64;

/**
 * What the samplers read of a study's history, kept across asks: the finished trials below the
 * study's first open (RUNNING or WAITING) trial are parsed once and kept, and each snapshot reads
 * only the trials from there on (with 32 workers, a few dozen instead of the whole history).
 * Only what samplers read is kept: params and losses, no learning curves.
 * LRU over KEPT_HISTORIES studies; a snapshot is always the storage's current history.
 */
export class StudyHistories {
  private readonly kept = new LruCache<KeptHistory>(KEPT_HISTORIES);

  constructor(private readonly storage: Storage) {}

  async snapshot(study: Study): Promise<HistorySnapshot> {
    const base = this.kept.get(study.id) ?? { firstOpen: 0, completed: [], pruned: [], failed: [] };
    const tail = await loadTrialsFrom(this.storage, study.id, base.firstOpen);
    const settled = tail.findIndex((t) => !isFinished(t));
    const folded = settled < 0 ? tail.length : settled;
    const next = fold(base, tail.slice(0, folded), study);
    this.kept.set(study.id, next);
    const open = fold(next, tail.slice(folded), study);
    const pending = tail.slice(folded).filter((t) => t.state === 'RUNNING' || t.state === 'WAITING');
    const trialCount = tail.length > 0 ? (tail[tail.length - 1] as Trial).number + 1 : base.firstOpen;
    return {
      history: { completed: open.completed, pruned: open.pruned, failed: open.failed, pending: pending.map((t) => t.params), trialCount },
      waiting: pending.filter((t) => t.state === 'WAITING').length,
    };
  }

  evict(studyId: string): void {
    this.kept.delete(studyId);
  }
}

function isFinished(t: Trial): boolean {
  return t.state === 'COMPLETE' || t.state === 'PRUNED' || t.state === 'FAIL';
}

/**
 * `kept` with `trials` (in number order) parsed in: COMPLETE ones as losses, PRUNED ones with their
 * last loss, FAIL ones as failed params (no value). Never changes `kept`: the lists are copied when
 * `trials` is not empty, so a snapshot handed out stays as it was.
 */
function fold(kept: KeptHistory, trials: Trial[], study: Study): KeptHistory {
  if (trials.length === 0) return kept;
  const completed = [...kept.completed];
  const pruned = [...kept.pruned];
  const failed = [...kept.failed];
  for (const t of trials) {
    if (t.state === 'COMPLETE' && t.value !== null) {
      completed.push({ number: t.number, params: t.params, loss: toLoss(t.value, study.direction) });
    } else if (t.state === 'PRUNED') {
      const value = t.value ?? t.intermediate_values[t.intermediate_values.length - 1]?.value ?? null;
      pruned.push({ number: t.number, params: t.params, loss: value === null ? null : toLoss(value, study.direction) });
    } else if (t.state === 'FAIL') {
      failed.push({ number: t.number, params: t.params });
    }
  }
  return { firstOpen: (trials[trials.length - 1] as Trial).number + 1, completed, pruned, failed };
}

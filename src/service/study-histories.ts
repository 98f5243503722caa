import { LruCache } from '../core/lru-cache';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { ObservedTrial, SamplerInput } from '../samplers/sampler';
import type { Storage } from '../storage/port';
import { constraintSlacks, isMultiObjective, lossVector, toLoss, type ObjectiveSpec } from '../domain/objectives';
import { trialMetrics } from '../domain/outcomes';
import { loadTrialsFrom } from './trial-history';

/** The history part of a SamplerInput, plus how many WAITING trials the queue held at read time. */
export interface HistorySnapshot {
  history: Pick<SamplerInput, 'completed' | 'pruned' | 'failed' | 'pending' | 'trialCount' | 'objectiveCount' | 'constraintCount'>;
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
      history: { completed: open.completed, pruned: open.pruned, failed: open.failed, pending: pending.map((t) => t.params), trialCount, ...objectiveCounts(study) },
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
 * How many objectives and constraints a sampler sees (SamplerInput.objectiveCount, constraintCount):
 * absent (meaning 1 and 0) on a single-objective study without constraints, so its input is as before.
 */
export function objectiveCounts(spec: ObjectiveSpec): Pick<SamplerInput, 'objectiveCount' | 'constraintCount'> {
  if (!isMultiObjective(spec) && spec.constraints.length === 0) return {};
  return { objectiveCount: spec.objectives.length, constraintCount: spec.constraints.length };
}

/**
 * A COMPLETE trial as samplers see it: `loss` is the first objective's; on a study with several
 * objectives or any constraint, also every objective's loss and each constraint's slack. Null when
 * the trial lacks a metric the study needs.
 */
function observed(spec: ObjectiveSpec, t: Trial): ObservedTrial | null {
  const metrics = trialMetrics(t.values);
  if (metrics === null || !metricNamesPresent(spec, metrics)) return null;
  const losses = lossVector(spec, metrics);
  const base = { number: t.number, params: t.params, loss: losses[0] as number };
  if (!isMultiObjective(spec) && spec.constraints.length === 0) return base;
  return { ...base, losses, ...(spec.constraints.length > 0 ? { constraints: constraintSlacks(spec, metrics) } : {}) };
}

function metricNamesPresent(spec: ObjectiveSpec, metrics: ReadonlyMap<string, number>): boolean {
  return spec.objectives.every((o) => metrics.has(o.name)) && spec.constraints.every((c) => metrics.has(c.name));
}

/**
 * `kept` with `trials` (in number order) parsed in: COMPLETE ones as losses (see observed), PRUNED
 * ones with their last loss (none on a multi-objective study), FAIL ones as failed params (no
 * value). Never changes `kept`: the lists are copied when `trials` is not empty, so a snapshot
 * handed out stays as it was.
 */
function fold(kept: KeptHistory, trials: Trial[], study: Study): KeptHistory {
  if (trials.length === 0) return kept;
  const completed = [...kept.completed];
  const pruned = [...kept.pruned];
  const failed = [...kept.failed];
  for (const t of trials) {
    const seen = t.state === 'COMPLETE' ? observed(study, t) : null;
    if (seen !== null) {
      completed.push(seen);
    } else if (t.state === 'PRUNED') {
      const value = isMultiObjective(study) ? null : (t.value ?? t.intermediate_values[t.intermediate_values.length - 1]?.value ?? null);
      pruned.push({ number: t.number, params: t.params, loss: value === null ? null : toLoss(value, study.direction) });
    } else if (t.state === 'FAIL') {
      failed.push({ number: t.number, params: t.params });
    }
  }
  return { firstOpen: (trials[trials.length - 1] as Trial).number + 1, completed, pruned, failed };
}

import type { Direction } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { SamplerInput } from '../samplers/sampler';
import type { Storage } from '../storage/port';

const PAGE = 5000;

/** Every trial of a study in number order, read page by page. */
export async function loadAllTrials(storage: Storage, studyId: string): Promise<Trial[]> {
  const all: Trial[] = [];
  let after = -1;
  for (;;) {
    const page = await storage.listTrials(studyId, { after, limit: PAGE });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = (page[page.length - 1] as Trial).number;
  }
}

/** Turns an objective value into a loss (lower is better) for the direction. */
export function toLoss(value: number, direction: Direction): number {
  return direction === 'maximize' ? -value : value;
}

/**
 * The history part of a SamplerInput: COMPLETE trials as losses, PRUNED with their last loss,
 * FAIL params as failed (a region to avoid, no value), RUNNING and WAITING params as pending.
 */
export function samplerHistory(trials: Trial[], direction: Direction): Pick<SamplerInput, 'completed' | 'pruned' | 'failed' | 'pending' | 'trialCount'> {
  const completed: SamplerInput['completed'] = [];
  const pruned: SamplerInput['pruned'] = [];
  const failed: NonNullable<SamplerInput['failed']> = [];
  const pending: SamplerInput['pending'] = [];
  for (const t of trials) {
    if (t.state === 'COMPLETE' && t.value !== null) {
      completed.push({
        number: t.number,
        params: t.params,
        loss: toLoss(t.value, direction),
        intermediate: t.intermediate_values.map((iv) => ({ step: iv.step, loss: toLoss(iv.value, direction) })),
      });
    } else if (t.state === 'PRUNED') {
      const last = t.intermediate_values[t.intermediate_values.length - 1];
      const value = t.value ?? last?.value ?? null;
      pruned.push({ number: t.number, params: t.params, loss: value === null ? null : toLoss(value, direction) });
    } else if (t.state === 'FAIL') {
      failed.push({ number: t.number, params: t.params });
    } else if (t.state === 'RUNNING' || t.state === 'WAITING') {
      pending.push(t.params);
    }
  }
  return { completed, pruned, failed, pending, trialCount: trials.length };
}

import { pagesOf } from '../domain/paging';
import { toLoss, type Direction } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { SamplerInput } from '../samplers/sampler';
import type { Storage } from '../storage/port';

const PAGE = 5000;

/** Every trial of a study in number order, read page by page. */
export async function loadAllTrials(storage: Storage, studyId: string): Promise<Trial[]> {
  const all: Trial[] = [];
  const pages = pagesOf(
    (after: number | undefined) => storage.listTrials(studyId, { after: after ?? -1, limit: PAGE }),
    (page) => (page.length < PAGE ? null : (page[page.length - 1] as Trial).number),
  );
  for await (const page of pages) all.push(...page);
  return all;
}

/**
 * The history part of a SamplerInput: COMPLETE trials as losses, PRUNED with their last loss,
 * RUNNING and WAITING params as pending. FAIL trials are left out: they are not data.
 */
export function samplerHistory(trials: Trial[], direction: Direction): Pick<SamplerInput, 'completed' | 'pruned' | 'pending' | 'trialCount'> {
  const completed: SamplerInput['completed'] = [];
  const pruned: SamplerInput['pruned'] = [];
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
    } else if (t.state === 'RUNNING' || t.state === 'WAITING') {
      pending.push(t.params);
    }
  }
  return { completed, pruned, pending, trialCount: trials.length };
}

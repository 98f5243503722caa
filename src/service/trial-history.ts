import { pagesOf } from '../domain/paging';
import type { Trial, TrialState } from '../domain/trial';
import type { Storage } from '../storage/port';

const PAGE = 5000;

/**
 * The trials of a study numbered `first` and above (all of them by default), in number order,
 * only those in `states` when given, read PAGE at a time through the one paging loop (domain/paging).
 */
export async function loadTrialsFrom(storage: Storage, studyId: string, first = 0, states?: TrialState[]): Promise<Trial[]> {
  const all: Trial[] = [];
  const pages = pagesOf(
    (after: number | undefined) => storage.listTrials(studyId, { after: after ?? first - 1, limit: PAGE, ...(states === undefined ? {} : { states }) }),
    (page) => (page.length < PAGE ? null : (page[page.length - 1] as Trial).number),
  );
  for await (const page of pages) all.push(...page);
  return all;
}

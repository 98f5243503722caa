import { pagesOf } from '../domain/paging';
import type { Trial } from '../domain/trial';
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

import type { Direction } from '../domain/study';
import type { Trial } from '../domain/trial';
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

import { apiGet, studyPath } from './api.js';

const PAGE_SIZE = 1000;
const FINISHED = new Set(['COMPLETE', 'PRUNED', 'FAIL']);

/**
 * All trials of one study, refreshed incrementally. Trial numbers are gapless and finished trials
 * never change, so a full page of finished trials (with a cursor after it) is kept as it is and
 * each refresh only re-reads from the first page that may still change.
 */
export class TrialStore {
  constructor(studyId) {
    this.studyId = studyId;
    this.pages = [];
    this.trials = [];
  }

  /** Re-reads the unsettled tail; resolves to true when anything changed. */
  async refresh() {
    let keep = this.pages.findIndex((page) => !page.settled);
    if (keep === -1) keep = this.pages.length;
    const before = JSON.stringify(this.pages.slice(keep).map((page) => page.trials));
    const fresh = await this.readFrom(keep === 0 ? undefined : this.pages[keep - 1].next);
    this.pages = this.pages.slice(0, keep).concat(fresh);
    this.trials = this.pages.flatMap((page) => page.trials);
    return JSON.stringify(fresh.map((page) => page.trials)) !== before;
  }

  async readFrom(cursor) {
    const pages = [];
    let next = cursor;
    do {
      const page = await apiGet(`${studyPath(this.studyId)}/trials`, { limit: PAGE_SIZE, cursor: next });
      const settled = page.next_cursor !== null && page.trials.every((t) => FINISHED.has(t.state));
      pages.push({ trials: page.trials, next: page.next_cursor, settled });
      next = page.next_cursor;
    } while (next);
    return pages;
  }
}

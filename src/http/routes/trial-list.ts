import type { Response } from 'express';
import type { ListTrialsQuery, TrialPage } from '../../api/types';
import { pagesOf } from '../../domain/paging';
import type { StudyService } from '../../service/study-service';
import { writeWithBackpressure } from '../write-stream';

/** Trials read from the service per step; also the largest page answered in one piece. */
const STREAM_PAGE = 500;

/**
 * Answers `GET /studies/{id}/trials` with the TrialPage JSON `{trials, next_cursor}`. A page of up
 * to STREAM_PAGE trials is sent in one piece; a bigger one (limit up to 10,000) is streamed, read
 * from the service STREAM_PAGE trials at a time with back-pressure, so memory stays bounded by one
 * step whatever the limit. Errors before the first byte are problems; a failure mid-stream aborts
 * the connection, so a truncated page is never mistaken for a whole one.
 */
export async function sendTrialList(res: Response, service: StudyService, studyId: string, query: ListTrialsQuery): Promise<void> {
  let remaining = query.limit ?? STREAM_PAGE;
  const pages = pagesOf(
    (cursor: string | undefined) => service.listTrials(studyId, { ...query, limit: Math.min(remaining, STREAM_PAGE), cursor: cursor ?? query.cursor }),
    (page) => (remaining > 0 ? page.next_cursor : null),
  );
  const first = (await pages.next()).value as TrialPage;
  remaining -= first.trials.length;
  if (remaining <= 0 || first.next_cursor === null) {
    res.json(first);
    return;
  }
  res.status(200).type('application/json; charset=utf-8');
  try {
    let last = first;
    await writeWithBackpressure(res, `{"trials":[${first.trials.map((t) => JSON.stringify(t)).join(',')}`);
    for await (const page of pages) {
      last = page;
      remaining -= page.trials.length;
      if (page.trials.length > 0) await writeWithBackpressure(res, `,${page.trials.map((t) => JSON.stringify(t)).join(',')}`);
    }
    res.end(`],"next_cursor":${JSON.stringify(last.next_cursor)}}`);
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}


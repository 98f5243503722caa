import { Router, type Response } from 'express';
import type { ApiStudySummary, ApiTrial } from '../../api/types';
import { cursorPages, type CursorPage } from '../../domain/paging';
import type { TrialState } from '../../domain/trial';
import type { StudyService } from '../../service/study-service';
import { RequestValidator } from '../validation';
import { csvHeader, csvRow } from './export-csv';
import { writeWithBackpressure } from '../write-stream';

/** Trials read from the service per page while streaming an export. */
const EXPORT_PAGE = 500;

type Format = 'csv' | 'json';

/**
 * `GET /:studyId/export?format=csv|json&state=COMPLETE,PRUNED` (mount under `/api/v1/studies`, behind auth): the study
 * and all its trials, streamed one service page at a time so memory stays bounded by a page
 * however big the study is. Errors before the first byte are problems (404 for an unknown study);
 * a failure mid-stream aborts the connection, so a truncated file is never mistaken for a full one.
 */
export function exportRouter(service: StudyService, validator: RequestValidator = new RequestValidator()): Router {
  const r = Router();
  r.get('/:studyId/export', validator.middleware('exportStudy'), async (req, res) => {
    const format: Format = req.validated?.format === 'json' ? 'json' : 'csv';
    const state = typeof req.validated?.state === 'string' ? (req.validated.state.split(',') as TrialState[]) : undefined;
    const study = await service.getStudy(String(req.params.studyId));
    const pages = cursorPages((cursor) => service.listTrials(study.id, { limit: EXPORT_PAGE, cursor, state }));
    // NOTE: the first page is read before any header, so a failing read is still a problem document.
    const first = await pages.next();
    res.status(200);
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${safeFileName(study.name)}.${format}"`);
    try {
      await streamExport(res, study, first.done ? [] : [first.value], pages, format);
      res.end();
    } catch (error) {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return r;
}

async function streamExport(
  res: Response,
  study: ApiStudySummary,
  first: Array<CursorPage<ApiTrial>>,
  rest: AsyncIterable<CursorPage<ApiTrial>>,
  format: Format,
): Promise<void> {
  await writeWithBackpressure(res, format === 'csv' ? csvHeader(study) : `{"study":${JSON.stringify(study)},"trials":[`);
  let written = 0;
  const write = async (page: CursorPage<ApiTrial>): Promise<void> => {
    const chunk = page.trials.map((t) => (format === 'csv' ? csvRow(study, t) : `${written++ > 0 ? ',' : ''}${JSON.stringify(t)}`));
    if (chunk.length > 0) await writeWithBackpressure(res, chunk.join(''));
  };
  for (const page of first) await write(page);
  for await (const page of rest) await write(page);
  if (format === 'json') await writeWithBackpressure(res, ']}');
}

/** The study name reduced to characters safe in a Content-Disposition filename. */
function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'study';
}

import { Router, type Response } from 'express';
import type { ApiStudySummary, ApiTrial } from '../../api/types';
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
    const first = await service.listTrials(study.id, { limit: EXPORT_PAGE, state });
    res.status(200);
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${safeFileName(study.name)}.${format}"`);
    try {
      await streamExport(res, service, study, first, { format, state });
      res.end();
    } catch (error) {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return r;
}

async function streamExport(
  res: Response,
  service: StudyService,
  study: ApiStudySummary,
  first: { trials: ApiTrial[]; next_cursor: string | null },
  { format, state }: { format: Format; state?: TrialState[] },
): Promise<void> {
  await writeWithBackpressure(res, format === 'csv' ? csvHeader(study) : `{"study":${JSON.stringify(study)},"trials":[`);
  let page = first;
  let written = 0;
  for (;;) {
    const chunk = page.trials.map((t) => (format === 'csv' ? csvRow(study, t) : `${written++ > 0 ? ',' : ''}${JSON.stringify(t)}`));
    if (chunk.length > 0) await writeWithBackpressure(res, chunk.join(''));
    if (page.next_cursor === null) break;
    page = await service.listTrials(study.id, { limit: EXPORT_PAGE, cursor: page.next_cursor, state });
  }
  if (format === 'json') await writeWithBackpressure(res, ']}');
}

/** The study name reduced to characters safe in a Content-Disposition filename. */
function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'study';
}

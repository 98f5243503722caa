import { Router } from 'express';
import type { ApiStudySummary } from '../../api/types';
import type { ObservedTrial } from '../../samplers/sampler';
import { SUMMARY_MIN_TRIALS, summarizeModel } from '../../samplers/gp/model-summary';
import type { StudyService } from '../../service/study-service';
import { RequestValidator } from '../validation';
import { contourAxes, contourOf, type Contour } from './model-contour';

/** Body of GET /studies/{id}/model (openapi.yaml ModelSummary). */
interface ModelResponse {
  importances: Record<string, number> | null;
  importance_source: 'gp_length_scales';
  contour: Contour | null;
  complete_trials: number;
  reason?: string;
}

const PAGE = 10_000;

/**
 * `GET /:studyId/model?x=&y=&resolution=` (mount under `/api/v1/studies`, behind auth): fits the
 * gp sampler's model to the COMPLETE trials (summarizeModel) and answers the importances from its
 * length scales and, for two numeric parameters x and y, the posterior mean on a grid with the
 * other parameters at the best trial's values. Below the model's minimum history, importances and
 * contour are null with a `reason`.
 */
export function modelRouter(service: StudyService, validator: RequestValidator = new RequestValidator()): Router {
  const r = Router();
  r.get('/:studyId/model', validator.middleware('getModel'), async (req, res) => {
    const query = req.validated ?? {};
    const study = await service.getStudy(String(req.params.studyId));
    const axes = contourAxes(study.space, query.x, query.y);
    const resolution = typeof query.resolution === 'number' ? query.resolution : 30;
    const completed = await completedTrials(service, study);
    const summary = summarizeModel(study.space, completed, study.sampler.seed ?? 0);
    const body: ModelResponse = { importances: null, importance_source: 'gp_length_scales', contour: null, complete_trials: completed.length };
    if (!summary) {
      body.reason = `the GP needs at least ${SUMMARY_MIN_TRIALS} COMPLETE trials (the study has ${completed.length})`;
      return void res.json(body);
    }
    body.importances = summary.importances;
    const best = completed.reduce((a, b) => (b.loss < a.loss ? b : a));
    const sign = study.direction === 'maximize' ? -1 : 1;
    if (axes) body.contour = contourOf(summary, study.space, axes, best.params, resolution, sign);
    res.json(body);
  });
  return r;
}

/** Every COMPLETE trial as the samplers see it (loss = value, negated for maximize), page by page. */
async function completedTrials(service: StudyService, study: ApiStudySummary): Promise<ObservedTrial[]> {
  const sign = study.direction === 'maximize' ? -1 : 1;
  const observed: ObservedTrial[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.listTrials(study.id, { state: ['COMPLETE'], limit: PAGE, cursor });
    for (const t of page.trials) if (t.value !== null) observed.push({ number: t.number, params: t.params, loss: sign * t.value });
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return observed;
}

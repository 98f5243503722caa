import { Router } from 'express';
import type { StudyService } from '../../service/study-service';
import { RequestValidator } from '../validation';

/**
 * `GET /:studyId/model?x=&y=&resolution=` (mount under `/api/v1/studies`, behind auth): the
 * service's summary of the study's GP (StudyService.model): importances from its length scales and,
 * for two numeric parameters x and y, the posterior mean on a grid. The fit runs on the sampler
 * threads; past the deadline the answer is 503 model_busy with Retry-After.
 */
export function modelRouter(service: StudyService, validator: RequestValidator = new RequestValidator()): Router {
  const r = Router();
  r.get('/:studyId/model', validator.middleware('getModel'), async (req, res) => {
    const query = req.validated ?? {};
    const resolution = typeof query.resolution === 'number' ? query.resolution : undefined;
    const x = typeof query.x === 'string' ? query.x : undefined;
    const y = typeof query.y === 'string' ? query.y : undefined;
    res.json(await service.model(String(req.params.studyId), { x, y, resolution }, { receivedAt: res.locals.receivedAt as number | undefined }));
  });
  return r;
}

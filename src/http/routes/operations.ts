import { Router } from 'express';
import type { Metrics } from '../../infra/metrics';
import type { StudyService } from '../../service/study-service';
import { loadOpenApi } from '../openapi-document';

/** /healthz (process up), /readyz (storage answers; 503 otherwise), /metrics, /openapi.yaml. */
export function operationsRouter(service: StudyService, metrics: Metrics): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    await service.checkReady();
    res.json({ status: 'ready' });
  });
  r.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  r.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(loadOpenApi().text);
  });
  return r;
}

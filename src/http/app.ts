import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import { DomainError } from '../domain/errors';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import type { StudyService } from '../service/study-service';
import { bearerAuth } from './auth';
import { bodyParserError, jsonBody } from './body';
import { observeRequests } from './observe';
import { sendProblem } from './problem';
import { operationsRouter } from './routes/operations';
import { studiesRouter } from './routes/studies';
import { RequestValidator } from './validation';

/** What the HTTP adapter needs. */
export interface AppDeps {
  service: StudyService;
  metrics: Metrics;
  logger: Logger;
  /** Accepted bearer tokens; empty = open. */
  tokens: string[];
  bodyLimitBytes: number;
  /** Extra routers by path prefix (the dashboard, study exports), behind the same auth unless `open`. */
  mounts?: { path: string; router: Router | RequestHandler; open?: boolean }[];
}

/**
 * Builds the express app: request ids, logs and metrics first; /healthz, /readyz, /metrics and
 * /openapi.yaml open; /api/v1 and every extra mount not marked open behind the bearer token; every error as a
 * problem document, never a stack trace.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // NOTE: no ETag hashing of every JSON answer: API answers change with each tell and are not cached.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(observeRequests(deps.logger, deps.metrics));
  const auth = bearerAuth(deps.tokens);
  // NOTE: the API first: ask and tell, most of the traffic, then pass no other router's layers.
  app.use('/api/v1/studies', auth, ...jsonBody(deps.bodyLimitBytes), studiesRouter(deps.service, new RequestValidator()));
  app.use(operationsRouter(deps.service, deps.metrics));
  for (const mount of deps.mounts ?? []) {
    app.use(mount.path, ...(mount.open === true ? [] : [auth]), ...jsonBody(deps.bodyLimitBytes), mount.router);
  }
  app.use(notFound);
  app.use(problemHandler(deps.logger));
  return app;
}

const notFound: RequestHandler = (req, _res, next) => {
  next(new DomainError('not_found', `no route ${req.method} ${req.path}`, 'path'));
};

/** The router's URIError for a path segment that is not valid percent-encoding (`%E0%A4%A`): a 400, not a 500. */
function malformedPath(err: unknown): DomainError | null {
  if (!(err instanceof URIError)) return null;
  return new DomainError('invalid_request', 'the request path is not valid percent-encoding', 'path');
}

function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof DomainError) return sendProblem(res, err);
    const parsed = bodyParserError(err) ?? malformedPath(err);
    if (parsed) return sendProblem(res, parsed);
    logger.error({ err, request_id: res.locals.requestId }, 'unhandled error');
    sendProblem(res, new DomainError('internal', 'internal error; the server log has the details under this request_id'));
  };
}

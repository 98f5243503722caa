import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';

/**
 * Gives each request an id (the client's X-Request-Id when sane, else a new one) and its arrival
 * time (`res.locals.receivedAt`, epoch ms, from which an ask's deadline counts), echoes the id,
 * logs one line per request with study and trial ids, and records latency by route template.
 */
export function observeRequests(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.locals.receivedAt = Date.now();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const { route, studyId, trialId } = describePath(req.originalUrl);
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level]({
        request_id: requestId,
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 1e4) / 10,
        study_id: studyId,
        trial_id: trialId,
      }, 'request');
    });
    next();
  };
}

const ID_PATH = /^\/api\/v1\/studies\/([^/?]+)(?:\/trials\/([^/?]+))?/;

/** The route template (ids replaced, bounded label cardinality) and the ids in a request path. */
function describePath(url: string): { route: string; studyId?: string; trialId?: string } {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/dashboard')) return { route: '/dashboard' };
  const m = ID_PATH.exec(path);
  if (!m) return { route: KNOWN_ROOTS.has(path) ? path : 'other' };
  const studyId = safeDecode(m[1] as string);
  const trialId = m[2] === undefined ? undefined : safeDecode(m[2]);
  const route = path
    .replace(ID_PATH, trialId === undefined ? '/api/v1/studies/:studyId' : '/api/v1/studies/:studyId/trials/:trialId');
  return { route, studyId, trialId };
}

const KNOWN_ROOTS = new Set(['/api/v1/studies', '/healthz', '/readyz', '/metrics', '/openapi.yaml']);

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

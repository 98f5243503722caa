import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';
import { loadOpenApi } from './openapi-document';

/**
 * Gives each request an id (the client's X-Request-Id when sane, else a new one) and its arrival
 * time (`res.locals.receivedAt`, epoch ms, from which an ask's deadline counts), echoes the id,
 * logs one line per request with study and trial ids, and records latency by route template
 * (UNMATCHED_ROUTE for any other path).
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

/** The label of every request whose path matches no route of openapi.yaml. */
export const UNMATCHED_ROUTE = 'unmatched';

interface RouteTemplate {
  /** `/api/v1/studies/:studyId/ask`: the label. */
  label: string;
  pattern: RegExp;
  /** Path parameter names in order (`studyId`, `trialId`, ...). */
  names: string[];
}

let templates: RouteTemplate[] | null = null;

/** The paths of openapi.yaml as templates, those with fewer parameters first (literal segments win). */
function routeTemplates(): RouteTemplate[] {
  templates ??= Object.keys(loadOpenApi().doc.paths).map((path) => ({
    label: path.replace(/\{(\w+)\}/g, ':$1'),
    pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '([^/]+)')}/?$`),
    names: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
  })).sort((a, b) => a.names.length - b.names.length);
  return templates;
}

/**
 * The route template of a request path and the ids in it. P8: the label set is fixed (the
 * templates of openapi.yaml, `/dashboard`, or UNMATCHED_ROUTE), so no path an anonymous client
 * makes up can add a metric series.
 */
function describePath(url: string): { route: string; studyId?: string; trialId?: string } {
  const path = url.split('?')[0] ?? '';
  if (path === '/dashboard' || path.startsWith('/dashboard/')) return { route: '/dashboard' };
  for (const template of routeTemplates()) {
    const m = template.pattern.exec(path);
    if (!m) continue;
    const param = (name: string) => {
      const i = template.names.indexOf(name);
      return i < 0 || m[i + 1] === undefined ? undefined : safeDecode(m[i + 1] as string);
    };
    return { route: template.label, studyId: param('studyId'), trialId: param('trialId') };
  }
  return { route: UNMATCHED_ROUTE };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

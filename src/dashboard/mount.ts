import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { pageWithToken } from './page-with-token';

/**
 * Where the page's files are: next to this module when running from src/ (ts-node, jest), or back
 * in src/dashboard/static when running the compiled dist/src/dashboard/mount.js (tsc copies no
 * static files).
 */
function staticDir(): string {
  const candidates = [path.join(__dirname, 'static'), path.resolve(__dirname, '../../../src/dashboard/static')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`dashboard files not found in ${candidates.join(' or ')}`);
  return found;
}

/**
 * The dashboard as an express Router, to be mounted at `/dashboard` behind the same auth as the
 * API: `/` serves index.html, the page's modules and stylesheet come from src/dashboard/static,
 * and `/vendor/plotly.min.js` is plotly.js-dist-min from node_modules (never a CDN). Opened as
 * `/?token=T`, the page carries the token on its own asset URLs (see pageWithToken). The page
 * itself only calls the public `/api/v1` endpoints.
 */
export function dashboardRouter(): Router {
  const router = express.Router();
  const plotly = require.resolve('plotly.js-dist-min');
  const dir = staticDir();
  router.get(['/', '/index.html'], (req, res, next) => {
    if (typeof req.query.token !== 'string') return next();
    res.type('html').set('cache-control', 'no-store').send(pageWithToken(dir, req.query.token));
  });
  router.get('/vendor/plotly.min.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'public, max-age=86400').sendFile(plotly);
  });
  router.use(express.static(dir, { index: 'index.html', fallthrough: true, maxAge: 0 }));
  return router;
}

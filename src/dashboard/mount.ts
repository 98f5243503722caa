import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';

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
 * NOTE: the page's own scripts and stylesheet only; plotly sets inline styles on its SVG, hence
 * 'unsafe-inline' for styles alone, and data:/blob: images for its PNG download.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** P8: no framing (clickjacking), no referrer (a `?token=` the page was opened with never leaves it), scripts from the page's origin only. */
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' });
  next();
};

/**
 * The dashboard as an express Router, to be mounted at `/dashboard` without auth: its files hold
 * no data (the page is the same for everyone). `/` serves index.html, the page's modules and
 * stylesheet come from src/dashboard/static, and `/vendor/plotly.min.js` is plotly.js-strict-dist-min
 * from node_modules (never a CDN). NOTE: the strict build, because the plain one compiles its WebGL
 * shaders with `new Function`, which the CSP (no 'unsafe-eval') refuses: the parallel-coordinates
 * plot then showed "WebGL is not supported" in every browser (CSP violation seen in chromium). The page calls the public `/api/v1` endpoints with the token
 * typed into its token box, or the `?token=` it was opened with, which it moves into
 * sessionStorage and out of the address bar; the server itself reads no token from a URL.
 */
export function dashboardRouter(): Router {
  const router = express.Router();
  const plotly = require.resolve('plotly.js-strict-dist-min');
  const dir = staticDir();
  router.use(securityHeaders);
  router.get('/vendor/plotly.min.js', (_req, res) => {
    res.type('application/javascript').set('cache-control', 'public, max-age=86400').sendFile(plotly);
  });
  router.use(express.static(dir, { index: 'index.html', fallthrough: true, maxAge: 0 }));
  return router;
}

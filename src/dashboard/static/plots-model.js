// Plots of the fitted GP (from GET /studies/{id}/model): posterior-mean contour and importances.
import { baseLayout, bestAndSample, completeTrials, render, showEmpty } from './plot-common.js';

const MAX_OVERLAY_POINTS = 1000;

/** Contour of the GP posterior mean over the two chosen parameters, with the trials on top. */
export function plotContour(el, model, trials, study, axes) {
  if (!axes.x || !axes.y) return showEmpty(el, 'needs two numeric parameters');
  if (!model || !model.contour) return showEmpty(el, (model && model.reason) || 'the GP needs more complete trials');
  const { x, y, mean } = model.contour;
  const complete = completeTrials(trials).filter((t) => axes.x in t.params && axes.y in t.params);
  const shown = bestAndSample(complete, MAX_OVERLAY_POINTS, study.direction);
  const data = [
    { type: 'contour', x, y, z: mean, colorscale: 'Viridis', reversescale: study.direction === 'minimize',
      contours: { coloring: 'heatmap' }, colorbar: { title: { text: 'mean' } }, hovertemplate: `${axes.x}=%{x}<br>${axes.y}=%{y}<br>mean %{z}<extra></extra>` },
    { type: 'scatter', mode: 'markers', x: shown.map((t) => t.params[axes.x]), y: shown.map((t) => t.params[axes.y]), customdata: shown.map((t) => t.number),
      marker: { size: 5, color: '#fff', line: { color: '#1d2433', width: 1 } }, hovertemplate: 'trial #%{customdata}<extra></extra>' },
  ];
  const axisType = (name) => (study.space[name].log ? 'log' : 'linear');
  const layout = baseLayout({
    xaxis: { title: { text: axes.x }, type: axisType(axes.x) },
    yaxis: { title: { text: axes.y }, type: axisType(axes.y) },
  });
  render(el, data, layout, x.length * y.length);
}

/** Share of COMPLETE trials in which each parameter is active (1 for unconditional ones). */
export function activeShares(trials, study) {
  const complete = completeTrials(trials);
  const shares = Object.create(null); // parameter names may be `constructor` or `toString`
  for (const name of Object.keys(study.space)) {
    shares[name] = complete.length === 0 ? 0 : complete.filter((t) => Object.prototype.hasOwnProperty.call(t.params, name)).length / complete.length;
  }
  return shares;
}

/**
 * Importances weighted by activity: the GP length-scale importance of each parameter times the share
 * of complete trials where it is active, renormalised to sum to 1. NOTE: a conditional parameter
 * active in 3% of trials can get a short length scale from a handful of points; unweighted, the
 * mlp trainer's rarely active ones ranked first (issue 14).
 * Returns [name, weighted, raw, share] rows, most important first; [] without a model.
 */
export function weightedImportances(model, trials, study) {
  if (!model || !model.importances) return [];
  const shares = activeShares(trials, study);
  const rows = Object.entries(model.importances).map(([name, raw]) => [name, raw * (shares[name] ?? 0), raw, shares[name] ?? 0]);
  const total = rows.reduce((sum, row) => sum + row[1], 0) || 1;
  return rows.map((row) => [row[0], row[1] / total, row[2], row[3]]).sort((a, b) => b[1] - a[1]);
}

/** Horizontal bars of weightedImportances, every parameter, the most important on top. */
export function plotImportances(el, rows, model) {
  if (rows.length === 0) return showEmpty(el, (model && model.reason) || 'the GP needs more complete trials');
  const ordered = [...rows].reverse();
  const data = [{
    type: 'bar', orientation: 'h', x: ordered.map((r) => r[1]), y: ordered.map((r) => r[0]),
    customdata: ordered.map((r) => [r[2], r[3]]), marker: { color: '#2f6fde' },
    hovertemplate: '%{y}: %{x:.3f}<br>GP length-scale importance %{customdata[0]:.3f} × active in %{customdata[1]:.0%} of trials<extra></extra>',
  }];
  el.style.height = `${Math.max(320, rows.length * 18 + 70)}px`;
  const layout = baseLayout({ xaxis: { title: { text: 'importance (weighted by activity, sums to 1)' } }, yaxis: { automargin: true, dtick: 1 } });
  render(el, data, layout, rows.length);
}

/** The subtitle naming the method, for the importance plot's caption. */
export const IMPORTANCE_METHOD = 'GP length-scale importance × share of complete trials where the parameter is active, renormalised';

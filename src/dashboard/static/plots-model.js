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
    { type: 'scatter', mode: 'markers', x: shown.map((t) => t.params[axes.x]), y: shown.map((t) => t.params[axes.y]),
      marker: { size: 5, color: '#fff', line: { color: '#1d2433', width: 1 } }, hovertemplate: 'trial<extra></extra>' },
  ];
  const axisType = (name) => (study.space[name].log ? 'log' : 'linear');
  const layout = baseLayout({
    xaxis: { title: { text: axes.x }, type: axisType(axes.x) },
    yaxis: { title: { text: axes.y }, type: axisType(axes.y) },
  });
  render(el, data, layout, x.length * y.length);
}

/** Relative importance per parameter, from the GP's fitted length scales (labelled as such). */
export function plotImportances(el, model) {
  const entries = model && model.importances ? Object.entries(model.importances) : [];
  if (entries.length === 0) return showEmpty(el, (model && model.reason) || 'the GP needs more complete trials');
  entries.sort((a, b) => a[1] - b[1]);
  const data = [{
    type: 'bar', orientation: 'h', x: entries.map((e) => e[1]), y: entries.map((e) => e[0]),
    marker: { color: '#2f6fde' }, hovertemplate: '%{y}: %{x:.3f}<extra></extra>',
  }];
  const source = model.importance_source === 'gp_length_scales' ? 'GP length scales' : model.importance_source;
  const layout = baseLayout({ xaxis: { title: { text: `importance (source: ${source})` } }, yaxis: { automargin: true } });
  render(el, data, layout, entries.length);
}

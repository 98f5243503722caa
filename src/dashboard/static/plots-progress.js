// Plots over time: optimization history (all finished states), EDF, learning curves, and the per-worker timeline.
import { baseLayout, bestAndSample, completeTrials, lossOf, render, sampleEvenly, sampledTitle, showEmpty, STATE_COLORS } from './plot-common.js';

const MAX_HISTORY_POINTS = 2000;
const MAX_OTHER_POINTS = 500;
const MAX_CURVE_STEPS = 200;
const MAX_TIMELINE_BARS = 2000;
const MAX_EDF_POINTS = 2000;

/** The best feasible COMPLETE trial for the direction, or null. */
export function bestTrial(trials, direction) {
  let best = null;
  for (const t of completeTrials(trials)) if (t.feasible !== false && (!best || lossOf(t.value, direction) < lossOf(best.value, direction))) best = t;
  return best;
}

function bestSoFar(complete, direction) {
  const best = { x: [], y: [] };
  let bestLoss = Infinity;
  for (const t of complete) {
    if (t.feasible !== false && lossOf(t.value, direction) < bestLoss) {
      bestLoss = lossOf(t.value, direction);
      best.x.push(t.number);
      best.y.push(t.value);
    }
  }
  if (best.x.length === 0) return null;
  best.x.push(complete[complete.length - 1].number);
  best.y.push(best.y[best.y.length - 1]);
  return best;
}

function markers(name, list, color, symbol, extra = {}) {
  return {
    type: 'scatter', mode: 'markers', name, x: list.map((t) => t.number), customdata: list.map((t) => t.number),
    marker: { size: 6, color, symbol, opacity: 0.7 }, hovertemplate: `trial %{x}<br>${name} %{y}<extra></extra>`,
    y: list.map((t) => t.value), ...extra,
  };
}

/** Infeasible COMPLETE trials (a constrained study): hollow grey, apart from the feasible ones. */
const INFEASIBLE_COLOR = '#9aa1b1';

/**
 * Objective per trial number for COMPLETE trials (infeasible ones of a constrained study apart, in
 * hollow grey), PRUNED ones at their last reported value, FAIL ones (no value) as crosses along the
 * bottom edge, and the best feasible so far as a step line. `log` draws the objective on a log axis
 * when every shown value is positive; `label` names the objective axis. Returns the note to show.
 */
export function plotHistory(el, trials, direction, { log, label = 'objective' }) {
  const complete = completeTrials(trials);
  const pruned = sampleEvenly(trials.filter((t) => t.state === 'PRUNED' && typeof t.value === 'number'), MAX_OTHER_POINTS);
  const failed = sampleEvenly(trials.filter((t) => t.state === 'FAIL'), MAX_OTHER_POINTS);
  if (complete.length + pruned.length + failed.length === 0) return showEmpty(el, 'no finished trials yet');
  const shown = bestAndSample(complete, MAX_HISTORY_POINTS, direction);
  const positive = [...shown, ...pruned].every((t) => t.value > 0);
  const infeasible = shown.filter((t) => t.feasible === false);
  const data = [markers('COMPLETE', shown.filter((t) => t.feasible !== false), STATE_COLORS.COMPLETE, 'circle'), markers('PRUNED', pruned, STATE_COLORS.PRUNED, 'diamond')];
  if (infeasible.length > 0) data.push(markers('infeasible', infeasible, INFEASIBLE_COLOR, 'circle-open'));
  data.push(markers('FAIL', failed, STATE_COLORS.FAIL, 'x', { y: failed.map(() => 0.02), yaxis: 'y2', hovertemplate: 'trial %{x} FAIL<extra></extra>' }));
  const best = complete.length > 0 ? bestSoFar(complete, direction) : null;
  if (best) {
    data.push({ type: 'scatter', mode: 'lines', name: 'best so far', x: best.x, y: best.y, line: { shape: 'hv', color: '#1d2433', width: 2 }, hoverinfo: 'skip' });
  }
  const useLog = log && positive;
  const layout = baseLayout({
    showlegend: true, legend: { orientation: 'h', y: 1.14 },
    xaxis: { title: { text: `trial number ${sampledTitle(shown.length, complete.length)}` } },
    yaxis: { title: { text: label }, type: useLog ? 'log' : 'linear' },
    yaxis2: { overlaying: 'y', range: [0, 1], visible: false, fixedrange: true },
  });
  render(el, data, layout, shown.length + pruned.length + failed.length);
  return log && !positive ? 'log scale needs positive values: drawn linear' : '';
}

/**
 * Empirical distribution function of the COMPLETE objective values: share of trials with value <= v.
 * Each step's point carries its trial number (customdata), so a click opens that trial.
 */
export function plotEdf(el, trials, direction) {
  const sorted = completeTrials(trials).sort((a, b) => a.value - b.value);
  if (sorted.length === 0) return showEmpty(el, 'no complete trials yet');
  const indices = sampleEvenly(sorted.map((_, i) => i), MAX_EDF_POINTS);
  const data = [{
    type: 'scatter', mode: 'lines+markers', x: indices.map((i) => sorted[i].value), y: indices.map((i) => (i + 1) / sorted.length),
    customdata: indices.map((i) => sorted[i].number), line: { shape: 'hv', color: '#2f6fde', width: 2 }, marker: { size: 4 },
    hovertemplate: 'trial #%{customdata}: value %{x}<br>%{y:.1%} of trials ≤ this value<extra></extra>',
  }];
  const better = direction === 'maximize' ? 'right' : 'left';
  const layout = baseLayout({
    xaxis: { title: { text: `objective value (better to the ${better}) ${sampledTitle(indices.length, sorted.length)}` } },
    yaxis: { title: { text: 'cumulative share of complete trials' }, range: [0, 1.02], tickformat: '.0%' },
  });
  render(el, data, layout, indices.length);
}

/** Intermediate values against step, one line per trial of `chosen` (the caller picks them). */
export function plotCurves(el, chosen) {
  if (chosen.length === 0) return showEmpty(el, 'no intermediate values for these trials');
  const data = chosen.map((t) => {
    const points = sampleEvenly([...t.intermediate_values].sort((a, b) => a.step - b.step), MAX_CURVE_STEPS);
    return {
      type: 'scatter', mode: 'lines+markers', name: `#${t.number} ${t.state}`, marker: { size: 4 },
      x: points.map((p) => p.step), y: points.map((p) => p.value), customdata: points.map(() => t.number),
      line: { width: 1.5, color: STATE_COLORS[t.state], dash: t.state === 'PRUNED' ? 'dot' : 'solid' },
      hovertemplate: `trial #${t.number}<br>step %{x}<br>value %{y}<extra></extra>`,
    };
  });
  render(el, data, baseLayout({ xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'intermediate value' } } }), data.reduce((n, trace) => n + trace.x.length, 0));
}

/**
 * Horizontal bars from started_at to completed_at (now while running), one row per client_id. Bars
 * carry no text (labels of short bars overlapped); hovering or clicking a bar names its trial.
 */
export function plotTimeline(el, trials) {
  const started = trials.filter((t) => t.started_at).slice(-MAX_TIMELINE_BARS);
  if (started.length === 0) return showEmpty(el, 'no trial has started yet');
  const now = Date.now();
  const byState = new Map();
  for (const t of started) {
    if (!byState.has(t.state)) byState.set(t.state, []);
    byState.get(t.state).push(t);
  }
  const data = [...byState].map(([state, list]) => ({
    type: 'bar', orientation: 'h', name: state, marker: { color: STATE_COLORS[state] }, textposition: 'none',
    y: list.map((t) => t.client_id || '(no client id)'),
    base: list.map((t) => t.started_at), customdata: list.map((t) => t.number),
    x: list.map((t) => Math.max(1, (t.completed_at ? Date.parse(t.completed_at) : now) - Date.parse(t.started_at))),
    hovertemplate: `trial #%{customdata} ${state}<br>%{base} for %{x} ms<extra></extra>`,
  }));
  const layout = baseLayout({
    barmode: 'overlay', showlegend: true, legend: { orientation: 'h', y: 1.14 },
    xaxis: { type: 'date', title: { text: `time ${sampledTitle(started.length, trials.filter((t) => t.started_at).length)}` } },
    yaxis: { type: 'category', automargin: true },
  });
  render(el, data, layout, started.length);
}

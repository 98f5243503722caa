// Plots over time: optimization history, learning curves, and the per-worker timeline.
import { baseLayout, bestAndSample, completeTrials, lossOf, render, sampleEvenly, sampledTitle, showEmpty, STATE_COLORS } from './plot-common.js';

const MAX_HISTORY_POINTS = 2000;
const MAX_CURVES = 60;
const MAX_CURVE_STEPS = 200;
const MAX_TIMELINE_BARS = 2000;

/** Objective per trial number, with the best value so far as a step line. */
export function plotHistory(el, trials, direction) {
  const complete = completeTrials(trials);
  if (complete.length === 0) return showEmpty(el, 'no complete trials yet');
  const best = { x: [], y: [] };
  let bestLoss = Infinity;
  for (const t of complete) {
    if (lossOf(t.value, direction) < bestLoss) {
      bestLoss = lossOf(t.value, direction);
      best.x.push(t.number);
      best.y.push(t.value);
    }
  }
  best.x.push(complete[complete.length - 1].number);
  best.y.push(best.y[best.y.length - 1]);
  const shown = bestAndSample(complete, MAX_HISTORY_POINTS, direction);
  const data = [
    { type: 'scatter', mode: 'markers', name: 'objective', x: shown.map((t) => t.number), y: shown.map((t) => t.value),
      marker: { size: 5, color: '#2f6fde', opacity: 0.6 }, hovertemplate: 'trial %{x}<br>value %{y}<extra></extra>' },
    { type: 'scatter', mode: 'lines', name: 'best so far', x: best.x, y: best.y, line: { shape: 'hv', color: '#c62828', width: 2 } },
  ];
  const layout = baseLayout({
    showlegend: true, legend: { orientation: 'h', y: 1.12 },
    xaxis: { title: { text: `trial number ${sampledTitle(shown.length, complete.length)}` } }, yaxis: { title: { text: 'objective' } },
  });
  render(el, data, layout, shown.length);
}

function curveTrials(trials, direction) {
  const withCurves = trials.filter((t) => t.intermediate_values.length > 0);
  if (withCurves.length <= MAX_CURVES) return withCurves;
  const last = (t) => lossOf(t.intermediate_values[t.intermediate_values.length - 1].value, direction);
  const chosen = new Set([...withCurves].sort((a, b) => last(a) - last(b)).slice(0, MAX_CURVES / 2));
  for (let i = withCurves.length - 1; chosen.size < MAX_CURVES; i--) chosen.add(withCurves[i]);
  return [...chosen].sort((a, b) => a.number - b.number);
}

/** Intermediate values against step, one line per trial (when many: the 30 best, then the most recent up to 60). */
export function plotCurves(el, trials, direction) {
  const chosen = curveTrials(trials, direction);
  if (chosen.length === 0) return showEmpty(el, 'no intermediate values reported yet');
  const data = chosen.map((t) => {
    const points = sampleEvenly([...t.intermediate_values].sort((a, b) => a.step - b.step), MAX_CURVE_STEPS);
    return {
      type: 'scatter', mode: 'lines+markers', name: `#${t.number} ${t.state}`, marker: { size: 4 },
      x: points.map((p) => p.step), y: points.map((p) => p.value),
      line: { width: 1.5, color: STATE_COLORS[t.state], dash: t.state === 'PRUNED' ? 'dot' : 'solid' },
    };
  });
  const total = trials.filter((t) => t.intermediate_values.length > 0).length;
  const layout = baseLayout({ xaxis: { title: { text: `step ${sampledTitle(chosen.length, total)}` } }, yaxis: { title: { text: 'intermediate value' } } });
  render(el, data, layout, data.reduce((n, trace) => n + trace.x.length, 0));
}

/** Horizontal bars from started_at to completed_at (now while running), one row per client_id. */
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
    type: 'bar', orientation: 'h', name: state, marker: { color: STATE_COLORS[state] },
    y: list.map((t) => t.client_id || '(no client id)'),
    base: list.map((t) => t.started_at),
    x: list.map((t) => Math.max(1, (t.completed_at ? Date.parse(t.completed_at) : now) - Date.parse(t.started_at))),
    text: list.map((t) => `#${t.number}`), hovertemplate: '%{text} %{fullData.name}<extra></extra>',
  }));
  const layout = baseLayout({
    barmode: 'overlay', showlegend: true, legend: { orientation: 'h', y: 1.12 },
    xaxis: { type: 'date', title: { text: `time ${sampledTitle(started.length, trials.filter((t) => t.started_at).length)}` } },
    yaxis: { type: 'category', automargin: true },
  });
  render(el, data, layout, started.length);
}

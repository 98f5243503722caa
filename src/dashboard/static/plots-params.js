// Plots of the objective against the parameters the user picked: parallel coordinates and slices.
import { baseLayout, bestAndSample, completeTrials, render, sampleEvenly, showEmpty } from './plot-common.js';

const MAX_LINES = 1000;
const MAX_SLICE_POINTS = 1500;
/**
 * Markers over all slice panels: SVG markers are what the slices cost (24 panels of 1,500 took
 * 4.7 s to draw in headless chromium on 2 cores, of 500 1.2-1.9 s; on a 10,000-trial study the
 * default 8 panels took 4.2 s at 1,500 each and 2.6 s at 750), so past 4 panels each draws fewer.
 */
const SLICE_POINT_BUDGET = 6_000;
const MIN_SLICE_POINTS = 300;
const SLICE_COLUMNS = 4;

/** One parcoords axis for a parameter: log params on log10, choices as indexed ticks; trials without it sit below the range. */
function dimension(name, spec, trials) {
  const raw = trials.map((t) => (Object.hasOwn(t.params, name) ? t.params[name] : undefined));
  if (spec.type === 'categorical') {
    const labels = spec.choices.map(String);
    return { label: name, values: raw.map((v) => (v === undefined ? -1 : labels.indexOf(String(v)))), tickvals: labels.map((_, i) => i), ticktext: labels, range: [-1, labels.length - 1] };
  }
  const low = spec.log ? Math.log10(spec.low) : spec.low;
  const high = spec.log ? Math.log10(spec.high) : spec.high;
  const missing = low - (high - low) * 0.05;
  const values = raw.map((v) => (v === undefined ? missing : spec.log ? Math.log10(v) : v));
  return { label: spec.log ? `log10(${name})` : name, values, range: [missing, high] };
}

/**
 * The parcoords axes over `trials` (same order): one per name, then the objective. Shared by the
 * plot and by the list of brushed trials, so both read the same axis values.
 */
export function parallelDimensions(trials, study, names) {
  const dimensions = names.map((name) => dimension(name, study.space[name], trials));
  dimensions.push({ label: 'objective', values: trials.map((t) => t.value) });
  return dimensions;
}

/** Ranges the user brushed on the drawn parcoords, by axis label: a list of [low, high] per brushed axis. */
export function brushedRanges(el) {
  const ranges = new Map();
  const trace = el.data?.[0];
  if (trace?.type !== 'parcoords') return ranges;
  for (const d of trace.dimensions) {
    const range = d.constraintrange;
    if (Array.isArray(range) && range.length > 0) ranges.set(d.label, Array.isArray(range[0]) ? range : [range]);
  }
  return ranges;
}

/**
 * Parallel coordinates of the COMPLETE trials over the picked parameters plus the objective. A
 * conditional parameter a trial lacks is drawn at the bottom of its axis. Brushed ranges survive
 * the live redraws (kept by axis label). NOTE: labels turn 20° past 8 axes and 50° past 12, so
 * long names stop running into each other (seen in screenshots of the mlp trainer's 24 parameters).
 */
export function plotParallel(el, trials, study, names) {
  const complete = completeTrials(trials);
  if (complete.length === 0) return showEmpty(el, 'no complete trials yet');
  if (names.length === 0) return showEmpty(el, 'pick parameters above');
  const shown = bestAndSample(complete, MAX_LINES, study.direction);
  const brushed = brushedRanges(el);
  const dimensions = parallelDimensions(shown, study, names).map((d) => (brushed.has(d.label) ? { ...d, constraintrange: brushed.get(d.label) } : d));
  const angle = dimensions.length > 12 ? -50 : dimensions.length > 8 ? -20 : 0;
  const data = [{
    type: 'parcoords', dimensions, labelangle: angle, labelside: 'top',
    line: { color: shown.map((t) => t.value), colorscale: 'Viridis', reversescale: study.direction === 'minimize', showscale: true },
  }];
  render(el, data, baseLayout({ margin: { l: 60, r: 70, t: angle === 0 ? 45 : angle === -20 ? 80 : 130, b: 25 } }), shown.length);
}

/** Infeasible trials of a constrained study in the slices: grey crosses. */
const INFEASIBLE_MARKER = { size: 6, color: '#9aa1b1', symbol: 'x-thin-open', line: { width: 1.5 } };

function sliceTrace(name, spec, trials, index, infeasible, max) {
  const having = sampleEvenly(trials.filter((t) => Object.hasOwn(t.params, name) && (t.feasible === false) === infeasible), max);
  const suffix = index === 0 ? '' : String(index + 1);
  return {
    type: 'scatter', mode: 'markers', name: infeasible ? `${name} (infeasible)` : name, xaxis: `x${suffix}`, yaxis: `y${suffix}`,
    x: having.map((t) => (spec.type === 'categorical' ? String(t.params[name]) : t.params[name])),
    y: having.map((t) => t.value), customdata: having.map((t) => t.number),
    marker: infeasible ? INFEASIBLE_MARKER : { size: 5, color: having.map((t) => t.number), colorscale: 'Blues', opacity: 0.75 },
    hovertemplate: `trial #%{customdata}${infeasible ? ' (infeasible)' : ''}<br>${name}=%{x}<br>value %{y}<extra></extra>`,
  };
}

/**
 * Objective against each picked parameter (every one: no cap), four per row, coloured by trial
 * number; infeasible trials of a constrained study as grey crosses (a second trace per panel).
 * A panel draws an even sample of at most 1,500 trials, fewer past 4 panels (SLICE_POINT_BUDGET),
 * and the plot's title says so when it samples.
 */
export function plotSlices(el, trials, study, names, label = 'objective') {
  const complete = completeTrials(trials);
  if (complete.length === 0) return showEmpty(el, 'no complete trials yet');
  if (names.length === 0) return showEmpty(el, 'pick parameters above');
  const columns = Math.min(SLICE_COLUMNS, names.length);
  const rows = Math.ceil(names.length / columns);
  const perPanel = Math.max(MIN_SLICE_POINTS, Math.min(MAX_SLICE_POINTS, Math.floor(SLICE_POINT_BUDGET / names.length)));
  const data = names.map((name, i) => sliceTrace(name, study.space[name], complete, i, false, perPanel));
  if (complete.some((t) => t.feasible === false)) data.push(...names.map((name, i) => sliceTrace(name, study.space[name], complete, i, true, perPanel)));
  const sampled = complete.length > perPanel;
  const layout = baseLayout({
    grid: { rows, columns, pattern: 'independent', xgap: 0.12, ygap: 0.45 / Math.max(1, rows / 2) },
    ...(sampled && {
      title: { text: `each panel shows an even sample of at most ${perPanel} of the ${complete.length} COMPLETE trials`, font: { size: 11 }, xref: 'paper', x: 0, xanchor: 'left', y: 1, yanchor: 'top', pad: { t: 4 } },
      margin: { l: 55, r: 15, t: 30, b: 45 },
    }),
  });
  names.forEach((name, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    const spec = study.space[name];
    const type = spec.type === 'categorical' ? 'category' : spec.log ? 'log' : 'linear';
    layout[`xaxis${suffix}`] = { type, title: { text: name, standoff: 2 }, automargin: true };
    layout[`yaxis${suffix}`] = { title: { text: i % columns === 0 ? label : '' } };
  });
  el.style.height = `${Math.max(260, rows * 230)}px`;
  render(el, data, layout, data.reduce((n, trace) => n + trace.x.length, 0));
}

// Plots of the objective against parameters: parallel coordinates and one slice plot per parameter.
import { baseLayout, bestAndSample, completeTrials, render, sampleEvenly, showEmpty } from './plot-common.js';

const MAX_LINES = 1000;
const MAX_SLICE_POINTS = 1500;
const MAX_SLICES = 12;

/** One parcoords axis for a parameter: log params on log10, choices as indexed ticks. */
function dimension(name, spec, trials) {
  const raw = trials.map((t) => t.params[name]);
  if (spec.type === 'categorical') {
    const labels = spec.choices.map(String);
    return { label: name, values: raw.map((v) => labels.indexOf(String(v))), tickvals: labels.map((_, i) => i), ticktext: labels };
  }
  if (spec.log) return { label: `log10(${name})`, values: raw.map((v) => Math.log10(v)) };
  return { label: name, values: raw };
}

/** Parallel coordinates of the COMPLETE trials over parameters active in all of them, plus the objective. */
export function plotParallel(el, trials, study) {
  const complete = completeTrials(trials);
  if (complete.length === 0) return showEmpty(el, 'no complete trials yet');
  const shown = bestAndSample(complete, MAX_LINES, study.direction);
  const names = Object.keys(study.space).filter((name) => shown.every((t) => name in t.params));
  const dimensions = names.map((name) => dimension(name, study.space[name], shown));
  dimensions.push({ label: 'objective', values: shown.map((t) => t.value) });
  const data = [{
    type: 'parcoords', dimensions,
    line: { color: shown.map((t) => t.value), colorscale: 'Viridis', reversescale: study.direction === 'minimize', showscale: true },
  }];
  render(el, data, baseLayout({ margin: { l: 60, r: 60, t: 40, b: 20 } }), shown.length);
}

function sliceTrace(name, spec, trials, index) {
  const having = sampleEvenly(trials.filter((t) => name in t.params), MAX_SLICE_POINTS);
  const suffix = index === 0 ? '' : String(index + 1);
  return {
    type: 'scatter', mode: 'markers', name, xaxis: `x${suffix}`, yaxis: `y${suffix}`,
    x: having.map((t) => (spec.type === 'categorical' ? String(t.params[name]) : t.params[name])),
    y: having.map((t) => t.value),
    marker: { size: 5, color: having.map((t) => t.number), colorscale: 'Blues', opacity: 0.75 },
    hovertemplate: `${name}=%{x}<br>value %{y}<extra></extra>`,
  };
}

/** Objective against each parameter (up to 12), coloured by trial number (darker = later). */
export function plotSlices(el, trials, study) {
  const complete = completeTrials(trials);
  if (complete.length === 0) return showEmpty(el, 'no complete trials yet');
  const names = Object.keys(study.space).slice(0, MAX_SLICES);
  const columns = Math.min(4, names.length);
  const rows = Math.ceil(names.length / columns);
  const data = names.map((name, i) => sliceTrace(name, study.space[name], complete, i));
  const layout = baseLayout({ grid: { rows, columns, pattern: 'independent', xgap: 0.12, ygap: 0.3 } });
  names.forEach((name, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    const spec = study.space[name];
    const type = spec.type === 'categorical' ? 'category' : spec.log ? 'log' : 'linear';
    layout[`xaxis${suffix}`] = { type, title: { text: name, standoff: 2 } };
    layout[`yaxis${suffix}`] = { title: { text: i % columns === 0 ? 'objective' : '' } };
  });
  el.style.height = `${Math.max(260, rows * 220)}px`;
  render(el, data, layout, data.reduce((n, trace) => n + trace.x.length, 0));
}

// Plots of a multi-objective study: the Pareto front (2-D scatter; for 3-4 objectives the first
// objective against each other one) and the hypervolume of the feasible front over the trials.
import { baseLayout, render, sampleEvenly, showEmpty, STATE_COLORS } from './plot-common.js';
import { classifyTrials, constraintText, hypervolumeHistory, MAX_FRONT_4D, metricOf, REFERENCE_MARGIN } from './objectives.js';

const MAX_OTHER_POINTS = 2000;
const CLASS_STYLES = {
  front: { label: 'Pareto front', marker: { size: 9, color: STATE_COLORS.COMPLETE, symbol: 'circle', line: { color: '#0b3d20', width: 1 } } },
  dominated: { label: 'dominated', marker: { size: 6, color: '#8fb3e8', symbol: 'circle', opacity: 0.75 } },
  infeasible: { label: 'infeasible', marker: { size: 7, color: '#9aa1b1', symbol: 'x-thin-open', line: { width: 1.5 }, opacity: 0.8 } },
};

function axisTitle(objective) {
  return `${objective.name} (${objective.direction === 'maximize' ? 'higher' : 'lower'} is better)`;
}

function classTrace(kind, list, xName, yName, axisIndex) {
  const suffix = axisIndex === 0 ? '' : String(axisIndex + 1);
  const style = CLASS_STYLES[kind];
  return {
    type: 'scatter', mode: 'markers', name: `${style.label} (${list.length})`, legendgroup: kind, showlegend: axisIndex === 0,
    xaxis: `x${suffix}`, yaxis: `y${suffix}`, marker: style.marker,
    x: list.map((t) => metricOf(t, xName)), y: list.map((t) => metricOf(t, yName)), customdata: list.map((t) => t.number),
    hovertemplate: `trial #%{customdata} · ${style.label}<br>${xName} %{x}<br>${yName} %{y}<extra></extra>`,
  };
}

/** The front's points joined in x order, so the trade-off reads as a curve (two objectives only: a projection of a larger front is no curve). */
function frontLine(front, xName, yName, axisIndex) {
  const suffix = axisIndex === 0 ? '' : String(axisIndex + 1);
  const sorted = [...front].sort((a, b) => metricOf(a, xName) - metricOf(b, xName));
  return {
    type: 'scatter', mode: 'lines', showlegend: false, hoverinfo: 'skip', xaxis: `x${suffix}`, yaxis: `y${suffix}`,
    x: sorted.map((t) => metricOf(t, xName)), y: sorted.map((t) => metricOf(t, yName)), line: { color: STATE_COLORS.COMPLETE, width: 1, dash: 'dot' },
  };
}

/**
 * The COMPLETE trials in objective space: the feasible Pareto front (large green; joined by a
 * dotted line with two objectives), feasible dominated trials (small blue) and infeasible ones (grey crosses). Two
 * objectives: one scatter; three or four: the first objective against each other one, side by
 * side (dominance is always judged on every objective). Records the counts on the element as
 * data-front, data-dominated and data-infeasible; returns the caption note.
 */
export function plotPareto(el, spec, trials) {
  const classes = classifyTrials(spec, trials);
  const total = classes.front.length + classes.dominated.length + classes.infeasible.length;
  for (const kind of ['front', 'dominated', 'infeasible']) el.dataset[kind] = String(classes[kind].length);
  if (total === 0) {
    showEmpty(el, 'no complete trials yet');
    return '';
  }
  const dominated = sampleEvenly(classes.dominated, MAX_OTHER_POINTS);
  const infeasible = sampleEvenly(classes.infeasible, MAX_OTHER_POINTS);
  const [first, ...others] = spec.objectives;
  const data = [];
  const layout = baseLayout({ showlegend: true, legend: { orientation: 'h', y: 1.16 }, margin: { l: 60, r: 15, t: 30, b: 50 } });
  if (others.length > 1) layout.grid = { rows: 1, columns: others.length, pattern: 'independent', xgap: 0.15 };
  others.forEach((other, i) => {
    if (others.length === 1) data.push(frontLine(classes.front, first.name, other.name, i));
    data.push(classTrace('infeasible', infeasible, first.name, other.name, i), classTrace('dominated', dominated, first.name, other.name, i), classTrace('front', classes.front, first.name, other.name, i));
    const suffix = i === 0 ? '' : String(i + 1);
    layout[`xaxis${suffix}`] = { title: { text: axisTitle(first) }, automargin: true };
    layout[`yaxis${suffix}`] = { title: { text: axisTitle(other) }, automargin: true };
  });
  render(el, data, layout, classes.front.length + dominated.length + infeasible.length);
  const constraints = spec.constraints.length > 0 ? ` · feasible when ${spec.constraints.map(constraintText).join(', ')}` : '';
  return `${classes.front.length} on the front, ${classes.dominated.length} dominated, ${classes.infeasible.length} infeasible${constraints}`;
}

/**
 * Hypervolume of the feasible Pareto front after each feasible COMPLETE trial (a step line; higher
 * is better). The reference point comes from the data (see referencePoint): it is shown in the
 * returned caption note, in the objectives' own units and directions.
 */
export function plotHypervolume(el, spec, trials) {
  const history = hypervolumeHistory(spec, trials);
  if (history === null || history.numbers.length === 0) {
    showEmpty(el, history === null ? 'no feasible complete trials yet' : `the front has more than ${MAX_FRONT_4D} trials in 4 objectives: too costly to compute exactly in the page`);
    return '';
  }
  const data = [{
    type: 'scatter', mode: 'lines+markers', name: 'hypervolume', x: history.numbers, y: history.volumes, customdata: history.numbers,
    line: { shape: 'hv', color: '#1d2433', width: 2 }, marker: { size: 4, color: STATE_COLORS.COMPLETE },
    hovertemplate: 'after trial #%{x}<br>hypervolume %{y}<extra></extra>',
  }];
  render(el, data, baseLayout({ xaxis: { title: { text: 'trial number (feasible COMPLETE trials)' } }, yaxis: { title: { text: 'dominated hypervolume' }, rangemode: 'tozero' } }), history.numbers.length);
  const reference = spec.objectives.map((o, i) => `${o.name} ${Number((o.direction === 'maximize' ? -history.reference[i] : history.reference[i]).toPrecision(4))}`);
  const cut = history.tooLarge ? ` · stopped where the front passed ${MAX_FRONT_4D} trials (4 objectives: too costly to compute exactly in the page)` : '';
  return `reference point ${reference.join(', ')}: each objective's worst feasible value plus ${REFERENCE_MARGIN * 100}% of its range${cut}`;
}

// The way from parallel coordinates to one trial: Plotly's parcoords emits no click per line, so the
// COMPLETE trials inside the brushed ranges are listed under the plot, best first, each opening its details.
import { completeTrials, lossOf } from './plot-common.js';
import { brushedRanges, parallelDimensions } from './plots-params.js';
import { formatParams } from './table-format.js';

// NOTE: 12 rows fit under the plot without pushing the slices off screen at 1400 x 1000; the caption
// always says "showing 12 of M", and narrowing the brush lists the rest.
const MAX_LISTED = 12;

/**
 * COMPLETE trials (all of them, not only the drawn sample of lines) whose axis values lie inside
 * every brushed range, best first for the study's direction; all COMPLETE trials when nothing is brushed.
 */
export function trialsInRanges(trials, study, names, ranges) {
  const complete = completeTrials(trials);
  const axes = parallelDimensions(complete, study, names).filter((d) => ranges.has(d.label));
  const inside = complete.filter((_, i) => axes.every((d) => ranges.get(d.label).some(([low, high]) => d.values[i] >= low && d.values[i] <= high)));
  return inside.sort((a, b) => lossOf(a.value, study.direction) - lossOf(b.value, study.direction));
}

function caption(listed, total, ranges) {
  const count = listed < total ? `showing ${listed} of ${total}` : `all ${total}`;
  if (ranges.size === 0) return `Nothing brushed: drag along an axis to select a range. Best COMPLETE trials (${count}):`;
  const where = `the brushed ranges (${[...ranges.keys()].join(', ')})`;
  return total === 0 ? `No COMPLETE trial inside ${where}.` : `COMPLETE trials inside ${where}, best first (${count}):`;
}

/** The list under the parallel-coordinates plot; `onOpen(trial)` shows a trial's details. */
export class ParallelSelection {
  constructor(doc, onOpen) {
    this.info = doc.getElementById('parallel-selection-info');
    this.list = doc.getElementById('parallel-selection');
    this.onOpen = onOpen;
  }

  /** Lists the trials inside the ranges brushed on `el` (the drawn parcoords over `names`). */
  show(el, trials, study, names) {
    if (el.data?.[0]?.type !== 'parcoords') {
      this.info.textContent = '';
      this.list.replaceChildren();
      return;
    }
    const ranges = brushedRanges(el);
    const inside = trialsInRanges(trials, study, names, ranges);
    const listed = inside.slice(0, MAX_LISTED);
    this.info.textContent = caption(listed.length, inside.length, ranges);
    this.list.replaceChildren(...listed.map((t) => this.row(t, names)));
  }

  row(trial, names) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.number = String(trial.number);
    const head = document.createElement('strong');
    head.textContent = `#${trial.number} · ${Number(trial.value.toPrecision(6))}`;
    const picked = Object.fromEntries(names.filter((n) => Object.hasOwn(trial.params, n)).map((n) => [n, trial.params[n]]));
    button.append(head, ` ${formatParams(picked)}`);
    button.title = formatParams(trial.params);
    button.addEventListener('click', () => this.onOpen(trial));
    const li = document.createElement('li');
    li.append(button);
    return li;
  }
}

// The trial table: sortable, filtered by state, value range, the range of one numeric parameter
// and a free-text search (params, reason, worker, user attributes), one column per user attribute,
// paginated so 10,000 trials stay fast.
import { constraintText, hasNamedMetrics, metricOf } from './objectives.js';
import { attrText, flatAttrs, formatParams, formatReason, searchText } from './table-format.js';

const PAGE_ROWS = 50;

const SORT_KEYS = {
  number: (t) => t.number,
  state: (t) => t.state,
  value: (t) => t.value,
  duration: (t) => (typeof t.duration_seconds === 'number' ? t.duration_seconds : null),
  worker: (t) => t.client_id,
  feasible: (t) => (typeof t.feasible === 'boolean' ? Number(t.feasible) : null),
};

function numberText(v) {
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : '';
}

/** Whether value `v` breaks constraint `c` (bounds inclusive). */
function violates(c, v) {
  return typeof v === 'number' && ((typeof c.min === 'number' && v < c.min) || (typeof c.max === 'number' && v > c.max));
}

/** Compares with nulls last whatever the direction. */
function compareBy(get, dir) {
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  };
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function numberOrNull(input) {
  return input.value.trim() === '' || !Number.isFinite(Number(input.value)) ? null : Number(input.value);
}

/** Binds to the table and its tools; call setTrials on every refresh. `onOpen(trial)` opens a row's details, `onPick(numbers)` reports ticked rows. */
export class TrialTable {
  constructor(doc, { onOpen, onPick }) {
    this.doc = doc;
    this.head = doc.getElementById('trial-head');
    this.body = doc.querySelector('#trial-table tbody');
    this.info = doc.getElementById('table-info');
    this.filter = doc.getElementById('state-filter');
    this.inputs = ['value-min', 'value-max', 'table-search', 'param-min', 'param-max'].map((id) => doc.getElementById(id));
    this.paramFilter = doc.getElementById('param-filter');
    Object.assign(this, { onOpen, onPick, sortKey: 'number', sortDir: -1, page: 0, trials: [], attrColumns: [], metricColumns: [], showValue: true, picked: new Set() });
    this.head.addEventListener('click', (event) => {
      const key = event.target.closest('th')?.dataset.sort;
      if (key) this.sortBy(key);
    });
    for (const el of [this.filter, this.paramFilter, ...this.inputs]) el.addEventListener('input', () => { this.page = 0; this.render(); });
    doc.getElementById('page-prev').addEventListener('click', () => { this.page = Math.max(0, this.page - 1); this.render(); });
    doc.getElementById('page-next').addEventListener('click', () => { this.page += 1; this.render(); });
  }

  /**
   * Lists the study's numeric parameters in the parameter filter (a new study clears the filter),
   * and gives a study with named metrics one column per objective and constraint plus `feasible`
   * after the value column (hidden with several objectives: their trials have no single value).
   */
  setStudy(study, spec) {
    this.setMetricColumns(spec);
    const names = Object.keys(study.space).filter((name) => study.space[name].type !== 'categorical');
    this.paramFilter.replaceChildren(new Option('—', ''), ...names.map((name) => new Option(name, name)));
    for (const input of this.inputs) input.value = '';
    this.page = 0;
  }

  setMetricColumns(spec) {
    for (const th of this.head.querySelectorAll('th.metric')) th.remove();
    const named = hasNamedMetrics(spec);
    this.showValue = spec.objectives.length === 1;
    // With one objective the value column holds it: only constraints get columns of their own.
    const objectives = this.showValue ? [] : spec.objectives.map((o) => ({ name: o.name, objective: o }));
    this.metricColumns = named ? [...objectives, ...spec.constraints.map((c) => ({ name: c.name, constraint: c }))] : [];
    const valueHead = this.head.querySelector('th[data-sort="value"]');
    valueHead.hidden = !this.showValue;
    const only = spec.objectives[0];
    valueHead.textContent = named && this.showValue ? `${only.name} ${only.direction === 'maximize' ? '↑' : '↓'}` : 'value';
    const heads = this.metricColumns.map((column) => {
      const th = this.doc.createElement('th');
      th.className = 'metric';
      th.dataset.sort = `metric:${column.name}`;
      th.textContent = column.objective ? `${column.name} ${column.objective.direction === 'maximize' ? '↑' : '↓'}` : constraintText(column.constraint);
      th.title = column.objective ? `objective, ${column.objective.direction}d` : 'constraint';
      return th;
    });
    if (named) {
      const feasible = this.doc.createElement('th');
      feasible.className = 'metric';
      feasible.dataset.sort = 'feasible';
      feasible.textContent = 'feasible';
      heads.push(feasible);
    }
    valueHead.after(...heads);
    if (this.sortKey.startsWith('metric:') || (this.sortKey === 'feasible' && !named)) this.sortKey = 'number';
  }

  setTrials(trials) {
    this.trials = trials;
    this.updateAttrColumns();
    this.render();
  }

  /** One column per (flattened) user attribute any trial has, in first-seen order. */
  updateAttrColumns() {
    const seen = new Set();
    for (const t of this.trials) for (const [key] of flatAttrs(t.user_attrs)) seen.add(key);
    const columns = [...seen];
    if (columns.join('\n') === this.attrColumns.join('\n')) return;
    this.attrColumns = columns;
    for (const th of this.head.querySelectorAll('th.attr')) th.remove();
    for (const key of columns) {
      const th = this.doc.createElement('th');
      th.className = 'attr';
      th.dataset.sort = `attr:${key}`;
      th.textContent = key;
      this.head.appendChild(th);
    }
  }

  sortBy(key) {
    this.sortDir = this.sortKey === key ? -this.sortDir : 1;
    this.sortKey = key;
    this.render();
  }

  sortGetter() {
    if (this.sortKey.startsWith('metric:')) {
      const name = this.sortKey.slice(7);
      return (t) => metricOf(t, name) ?? null;
    }
    if (!this.sortKey.startsWith('attr:')) return SORT_KEYS[this.sortKey];
    const key = this.sortKey.slice(5);
    return (t) => new Map(flatAttrs(t.user_attrs)).get(key);
  }

  filtered() {
    const state = this.filter.value;
    const [min, max] = [numberOrNull(this.inputs[0]), numberOrNull(this.inputs[1])];
    const words = this.inputs[2].value.toLowerCase().split(/\s+/).filter(Boolean);
    const inRange = (v, low, high) => (low === null || (typeof v === 'number' && v >= low)) && (high === null || (typeof v === 'number' && v <= high));
    const param = this.paramFilter.value;
    const [pMin, pMax] = [numberOrNull(this.inputs[3]), numberOrNull(this.inputs[4])];
    return this.trials.filter((t) => (!state || t.state === state)
      && inRange(t.value, min, max) && (!param || inRange(t.params[param], pMin, pMax))
      && (words.length === 0 || words.every((w) => searchText(t).includes(w))));
  }

  render() {
    const rows = this.filtered();
    rows.sort(compareBy(this.sortGetter(), this.sortDir));
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    this.page = Math.min(this.page, pages - 1);
    const first = this.page * PAGE_ROWS;
    const fragment = document.createDocumentFragment();
    for (const t of rows.slice(first, first + PAGE_ROWS)) fragment.appendChild(this.row(t));
    this.body.replaceChildren(fragment);
    const of = rows.length === this.trials.length ? `${rows.length}` : `${rows.length} (filtered from ${this.trials.length})`;
    this.info.textContent = rows.length === 0 ? 'no trials match' : `rows ${first + 1}–${Math.min(rows.length, first + PAGE_ROWS)} of ${of} · page ${this.page + 1}/${pages}`;
    for (const th of this.head.querySelectorAll('th[data-sort]')) {
      th.classList.toggle('asc', th.dataset.sort === this.sortKey && this.sortDir === 1);
      th.classList.toggle('desc', th.dataset.sort === this.sortKey && this.sortDir === -1);
    }
  }

  row(t) {
    const tr = document.createElement('tr');
    tr.dataset.number = String(t.number);
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = this.picked.has(t.number);
    box.title = 'show its learning curve (curves: "picked in the table")';
    box.addEventListener('click', (event) => event.stopPropagation());
    box.addEventListener('change', () => this.pick(t.number, box.checked));
    cell(tr, '').appendChild(box);
    cell(tr, String(t.number));
    cell(tr, t.state, `state-${t.state}`);
    cell(tr, numberText(t.value)).hidden = !this.showValue;
    for (const column of this.metricColumns) {
      const v = metricOf(t, column.name);
      cell(tr, numberText(v), column.constraint && violates(column.constraint, v) ? 'metric violated' : 'metric');
    }
    if (this.metricColumns.length > 0) cell(tr, typeof t.feasible === 'boolean' ? (t.feasible ? 'yes' : 'no') : '', t.feasible === false ? 'metric violated' : 'metric');
    cell(tr, typeof t.duration_seconds === 'number' ? t.duration_seconds.toFixed(2) : '');
    cell(tr, formatParams(t.params), 'params');
    cell(tr, formatReason(t.reason, t.fail_reason), 'reason');
    cell(tr, t.client_id || '', 'worker');
    const attrs = new Map(flatAttrs(t.user_attrs));
    for (const key of this.attrColumns) cell(tr, attrText(attrs.get(key)), 'attr');
    tr.addEventListener('click', () => this.onOpen(t));
    return tr;
  }

  pick(number, on) {
    if (on) this.picked.add(number);
    else this.picked.delete(number);
    this.onPick([...this.picked]);
  }
}

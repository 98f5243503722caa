// The trial table: sortable by column, filtered by state, paginated so 10,000 trials stay fast.
const PAGE_ROWS = 50;

function duration(t) {
  return typeof t.duration_seconds === 'number' ? t.duration_seconds : null;
}

const SORT_KEYS = {
  number: (t) => t.number,
  state: (t) => t.state,
  value: (t) => t.value,
  duration,
  worker: (t) => t.client_id,
};

/** Compares with nulls last whatever the direction. */
function compareBy(key, dir) {
  const get = SORT_KEYS[key];
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  };
}

function formatReason(reason, failReason) {
  const parts = [];
  if (reason) {
    parts.push(reason.strategy);
    if (reason.acquisition) parts.push(`${reason.acquisition}=${Number(reason.acquisition_value).toPrecision(3)}`);
    if (typeof reason.predicted_mean === 'number') parts.push(`μ=${reason.predicted_mean.toPrecision(3)} σ=${Number(reason.predicted_std).toPrecision(3)}`);
    if (reason.fallback) parts.push(`fallback: ${reason.fallback}`);
    if (reason.detail) parts.push(reason.detail);
  }
  if (failReason) parts.push(`failed: ${failReason}`);
  return parts.join(' · ');
}

function formatParams(params) {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(5)) : v}`)
    .join(', ');
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

/** Binds to the table, filter, pager and info elements; call setTrials on every refresh. */
export class TrialTable {
  constructor(doc) {
    this.body = doc.querySelector('#trial-table tbody');
    this.headers = [...doc.querySelectorAll('#trial-table th[data-sort]')];
    this.info = doc.getElementById('table-info');
    this.filter = doc.getElementById('state-filter');
    this.sortKey = 'number';
    this.sortDir = -1;
    this.page = 0;
    this.trials = [];
    this.headers.forEach((th) => th.addEventListener('click', () => this.sortBy(th.dataset.sort)));
    this.filter.addEventListener('change', () => { this.page = 0; this.render(); });
    doc.getElementById('page-prev').addEventListener('click', () => { this.page = Math.max(0, this.page - 1); this.render(); });
    doc.getElementById('page-next').addEventListener('click', () => { this.page += 1; this.render(); });
  }

  setTrials(trials) {
    this.trials = trials;
    this.render();
  }

  sortBy(key) {
    this.sortDir = this.sortKey === key ? -this.sortDir : 1;
    this.sortKey = key;
    this.render();
  }

  render() {
    const state = this.filter.value;
    const rows = (state ? this.trials.filter((t) => t.state === state) : this.trials).slice();
    rows.sort(compareBy(this.sortKey, this.sortDir));
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    this.page = Math.min(this.page, pages - 1);
    const first = this.page * PAGE_ROWS;
    const fragment = document.createDocumentFragment();
    for (const t of rows.slice(first, first + PAGE_ROWS)) fragment.appendChild(this.row(t));
    this.body.replaceChildren(fragment);
    this.info.textContent = rows.length === 0 ? 'no trials' : `rows ${first + 1}–${Math.min(rows.length, first + PAGE_ROWS)} of ${rows.length} · page ${this.page + 1}/${pages}`;
    this.headers.forEach((th) => th.classList.toggle('asc', th.dataset.sort === this.sortKey && this.sortDir === 1));
    this.headers.forEach((th) => th.classList.toggle('desc', th.dataset.sort === this.sortKey && this.sortDir === -1));
  }

  row(t) {
    const tr = document.createElement('tr');
    cell(tr, String(t.number));
    cell(tr, t.state, `state-${t.state}`);
    cell(tr, t.value === null ? '' : String(Number(t.value.toPrecision(6))));
    const seconds = duration(t);
    cell(tr, seconds === null ? '' : seconds.toFixed(2));
    cell(tr, formatParams(t.params), 'params');
    cell(tr, formatReason(t.reason, t.fail_reason), 'reason');
    cell(tr, t.client_id || '', 'worker');
    return tr;
  }
}

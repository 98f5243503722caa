// The trial detail view: everything about one trial in a dialog, opened from a table row or a plot point, with "Mark FAIL" for RUNNING trials.
import { apiSend, studyPath } from './api.js';

function section(title, rows) {
  const wrap = document.createElement('section');
  const h = document.createElement('h4');
  h.textContent = title;
  const dl = document.createElement('dl');
  for (const [key, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = key;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dl.append(dt, dd);
  }
  if (rows.length === 0) dl.textContent = '—';
  wrap.append(h, dl);
  return wrap;
}

function text(value) {
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function curveText(values) {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a.step - b.step);
  return [[`${sorted.length} steps`, sorted.map((p) => `${p.step}: ${Number(p.value.toPrecision(6))}`).join(', ')]];
}

/** Fills and opens the dialog for `trial`; `onChanged` runs after the trial was marked FAIL. */
export class TrialDetail {
  constructor(doc, onChanged) {
    this.dialog = doc.getElementById('trial-dialog');
    this.title = doc.getElementById('trial-title');
    this.body = doc.getElementById('trial-detail');
    this.failButton = doc.getElementById('trial-fail');
    this.actionInfo = doc.getElementById('trial-action-info');
    this.onChanged = onChanged;
    this.trial = null;
    this.studyId = null;
    this.failButton.addEventListener('click', () => this.markFailed());
  }

  open(studyId, trial) {
    this.studyId = studyId;
    this.trial = trial;
    this.title.textContent = `Trial #${trial.number} · ${trial.state}${trial.value === null ? '' : ` · ${Number(trial.value.toPrecision(6))}`}`;
    const r = trial.reason || {};
    this.body.replaceChildren(
      section('Params', Object.entries(trial.params).map(([k, v]) => [k, text(v)])),
      section('Value', [['value', text(trial.value)], ...Object.entries(trial.values ?? {}).map(([k, v]) => [`values.${k}`, text(v)]), ['feasible', text(trial.feasible)], ['state', trial.state], ['fail / prune reason', text(trial.fail_reason)]]),
      section('Intermediate values', curveText(trial.intermediate_values)),
      section("Sampler's reason", Object.entries(r).map(([k, v]) => [k, text(v)])),
      section('User attributes', Object.entries(trial.user_attrs).map(([k, v]) => [k, text(v)])),
      section('Times and worker', [
        ['created', text(trial.created_at)], ['started', text(trial.started_at)], ['completed', text(trial.completed_at)],
        ['duration (s)', text(trial.duration_seconds)], ['last heartbeat', text(trial.heartbeat_at)], ['lease expires', text(trial.lease_expires_at)],
        ['worker (client_id)', text(trial.client_id)], ['retry of', text(trial.retry_of)], ['id', trial.id],
      ]),
    );
    this.failButton.hidden = trial.state !== 'RUNNING';
    this.actionInfo.textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
  }

  async markFailed() {
    try {
      const told = await apiSend('POST', `${studyPath(this.studyId)}/trials/${this.trial.id}/tell`, { state: 'FAIL', reason: 'marked failed from the dashboard' });
      this.open(this.studyId, told);
      this.actionInfo.textContent = 'marked FAIL';
      this.onChanged();
    } catch (error) {
      this.actionInfo.textContent = `${error.code}: ${error.message}`;
    }
  }
}

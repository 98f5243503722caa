// "Enqueue a trial" from the dashboard: POST /studies/{id}/trials with the params typed as JSON (some may be left to the sampler).
import { apiSend, studyPath } from './api.js';

/** Wires the enqueue dialog; `studyId()` names the shown study and `onDone` refreshes the page. */
export function wireEnqueue(doc, studyId, onDone) {
  const dialog = doc.getElementById('enqueue-dialog');
  const info = doc.getElementById('enqueue-info');
  doc.getElementById('enqueue-open').addEventListener('click', () => {
    info.textContent = '';
    dialog.showModal();
  });
  doc.getElementById('enqueue-submit').addEventListener('click', async () => {
    let params;
    try {
      params = JSON.parse(doc.getElementById('enqueue-params').value);
    } catch (error) {
      info.textContent = `not JSON: ${error.message}`;
      return;
    }
    try {
      const trial = await apiSend('POST', `${studyPath(studyId())}/trials`, { params });
      info.textContent = `queued trial #${trial.number}${trial.reason?.detail ? ` (${trial.reason.detail})` : ''}`;
      onDone();
    } catch (error) {
      info.textContent = `${error.code}: ${error.message}${error.field ? ` (${error.field})` : ''}`;
    }
  });
}

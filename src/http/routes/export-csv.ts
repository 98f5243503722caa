import type { ApiStudySummary, ApiTrial } from '../../api/types';
import { own } from '../../domain/space';

/**
 * CSV rows of a study export (RFC 4180: comma separated, CRLF line ends, fields with a comma,
 * quote or line break quoted, quotes doubled). One column per parameter in space order, empty
 * where the parameter is inactive for the trial.
 */
export function csvHeader(study: ApiStudySummary): string {
  const params = Object.keys(study.space).map((name) => `params.${name}`);
  return csvLine([
    'number', 'id', 'state', 'value', ...params, 'duration_seconds', 'started_at', 'completed_at',
    'client_id', 'strategy', 'fail_reason', 'intermediate_values',
  ]);
}

/** One trial as a CSV line (with its CRLF). */
export function csvRow(study: ApiStudySummary, trial: ApiTrial): string {
  const params = Object.keys(study.space).map((name) => own(trial.params, name));
  const curve = trial.intermediate_values.length > 0 ? JSON.stringify(trial.intermediate_values.map((p) => [p.step, p.value])) : '';
  return csvLine([
    trial.number, trial.id, trial.state, trial.value, ...params, trial.duration_seconds, trial.started_at,
    trial.completed_at, trial.client_id, trial.reason?.strategy, trial.fail_reason, curve,
  ]);
}

function csvLine(fields: unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

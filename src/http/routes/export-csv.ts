import type { ApiStudySummary, ApiTrial } from '../../api/types';
import { metricNames } from '../../domain/objectives';
import { isPlainValueSpec } from '../../domain/outcomes';
import { own } from '../../domain/space';

/**
 * CSV rows of a study export (RFC 4180: comma separated, CRLF line ends, fields with a comma,
 * quote or line break quoted, quotes doubled). One column per parameter in space order, empty
 * where the parameter is inactive for the trial. A study with named objectives or constraints
 * adds one `values.<name>` column per objective and constraint (in study order) and `feasible`;
 * a study of the `direction` shorthand keeps the columns it always had (its `value` says it all).
 */
export function csvHeader(study: ApiStudySummary): string {
  const params = Object.keys(study.space).map((name) => `params.${name}`);
  return csvLine([
    'number', 'id', 'state', 'value', ...params, 'duration_seconds', 'started_at', 'completed_at',
    'client_id', 'strategy', 'fail_reason', 'intermediate_values', ...metricColumns(study),
  ]);
}

/** The metric columns of a study: none for the `direction` shorthand, else `values.<name>`... and `feasible`. */
function metricColumns(study: ApiStudySummary): string[] {
  return isPlainValueSpec(study) ? [] : [...metricNames(study).map((name) => `values.${name}`), 'feasible'];
}

/** One trial as a CSV line (with its CRLF). */
export function csvRow(study: ApiStudySummary, trial: ApiTrial): string {
  const params = Object.keys(study.space).map((name) => own(trial.params, name));
  const curve = trial.intermediate_values.length > 0 ? JSON.stringify(trial.intermediate_values.map((p) => [p.step, p.value])) : '';
  const metrics = isPlainValueSpec(study) ? [] : [...metricNames(study).map((name) => (trial.values === null ? null : own(trial.values, name))), trial.feasible];
  return csvLine([
    trial.number, trial.id, trial.state, trial.value, ...params, trial.duration_seconds, trial.started_at,
    trial.completed_at, trial.client_id, trial.reason?.strategy, trial.fail_reason, curve, ...metrics,
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

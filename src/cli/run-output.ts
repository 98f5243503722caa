import type { ApiTrial } from '../api/types';
import { table } from './output';
import type { RunSummary } from './run-study';
import type { TrialOutcome } from './run-trial';
import { statusLine } from './run-status-line';

/** Where `baytune run` writes: per-trial lines always, plus a status line with an ETA on a terminal. */
export interface RunDisplay {
  trialDone(outcome: TrialOutcome, best: number | null): void;
  log(message: string): void;
  stop(): void;
}

/** The terminal a display draws on: raw text out, and its width in columns. */
export interface DisplayTerminal {
  write(text: string): void;
  columns(): number;
  /** Clock in epoch ms (default Date.now). */
  now?: () => number;
}

function formatValue(value: number | null): string {
  return value === null ? '-' : value.toPrecision(5);
}

/** `trial 3: COMPLETE 0.12345; best so far 0.1`, the line each finished trial gets. */
export function trialLine(o: TrialOutcome, best: number | null): string {
  return `trial ${o.number}: ${o.state} ${formatValue(o.value)}${o.reason ? ` (${o.reason})` : ''}; best so far ${formatValue(best)}`;
}

/** NOTE: erase the current line (\r + CSI 2K); the status line is redrawn after each log line. */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * A display for `total` trials. Without a TTY: one line per log message and per trial. On a TTY
 * the same lines scroll above one status line (bar, best, elapsed, ETA) kept on the last row: each
 * line clears it, prints, and redraws it below, so nothing ever writes over printed text (no
 * saved-and-restored cursor), and stop() erases it, leaving the lines and whatever is printed next.
 */
export function createDisplay(total: number, tty: boolean, terminal: DisplayTerminal): RunDisplay {
  if (!tty) {
    return {
      trialDone: (o, best) => terminal.write(`${trialLine(o, best)}\n`),
      log: (message) => terminal.write(`${message}\n`),
      stop: () => undefined,
    };
  }
  const now = terminal.now ?? Date.now;
  const started = now();
  const progress = { done: 0, total, best: null as number | null };
  let active = true;
  const status = (): string => statusLine({ ...progress, elapsedMs: now() - started }, formatValue, terminal.columns());
  const print = (line: string): void => terminal.write(`${CLEAR_LINE}${line}\n${active ? status() : ''}`);
  const ticker = setInterval(() => terminal.write(`${CLEAR_LINE}${status()}`), 1000);
  ticker.unref();
  terminal.write(status());
  return {
    trialDone: (o, best) => {
      progress.done += 1;
      progress.best = best;
      print(trialLine(o, best));
    },
    log: (message) => print(message),
    stop: () => {
      if (!active) return;
      active = false;
      clearInterval(ticker);
      terminal.write(CLEAR_LINE);
    },
  };
}

/** Metric names of the best trials: validation metrics first, then the others, each once, in first-seen order. */
function metricNames(trials: ApiTrial[]): string[] {
  const names = new Set<string>();
  for (const t of trials) for (const name of Object.keys(metricsOf(t))) names.add(name);
  return [...names].sort((a, b) => Number(!a.startsWith('val_')) - Number(!b.startsWith('val_')));
}

function metricsOf(trial: ApiTrial): Record<string, number> {
  const metrics = (trial.user_attrs as { metrics?: unknown }).metrics;
  return typeof metrics === 'object' && metrics !== null ? (metrics as Record<string, number>) : {};
}

function metricText(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(Number(value.toPrecision(4))) : '-';
}

/**
 * The closing table: the study's best trials with the objective (named with its direction), every
 * metric the trainer returned (one column each), and each trial's weights folder under the study's.
 */
export function summaryTable(summary: RunSummary, backend: string | null): string {
  const counts = ['COMPLETE', 'PRUNED', 'FAIL'].map((s) => `${summary.outcomes.filter((o) => o.state === s).length} ${s}`).join(', ');
  const direction = summary.study.direction === 'maximize' ? 'maximized: higher is better' : 'minimized: lower is better';
  const saved = summary.best.some((t) => (t.user_attrs as { weights_dir?: string }).weights_dir);
  const lines = [
    `study "${summary.study.name}" (${summary.study.id}): this run ${counts}${summary.interrupted ? ' (interrupted)' : ''}${backend ? `; TF.js backend ${backend}` : ''}`,
    `objective: value, ${direction}; the other columns are the trainer's metrics`,
    saved ? `weights: ${summary.studyDir}/<trial number>/` : 'weights: none saved by this trainer',
  ];
  if (summary.best.length === 0) return [...lines, '(no COMPLETE trial yet)'].join('\n');
  const names = metricNames(summary.best);
  const rows = summary.best.map((t, i) => {
    const metrics = metricsOf(t);
    const weights = (t.user_attrs as { weights_dir?: string }).weights_dir ? `${t.number}/` : '-';
    return [String(i + 1), String(t.number), formatValue(t.value), ...names.map((n) => metricText(metrics[n])), weights];
  });
  return [...lines, table(['rank', 'trial', 'value', ...names, 'weights'], rows).trimEnd()].join('\n');
}

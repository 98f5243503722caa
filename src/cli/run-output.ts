import type { ApiTrial } from '../api/types';
import { own } from '../domain/space';
import { table } from './output';
import { studySpec, tellPlan } from './run-metrics';
import type { RunSummary } from './run-study';
import type { TrialOutcome } from './run-trial';
import { statusLine } from './run-status-line';

/** Where `baytune run` writes: per-trial lines always, plus a status line with an ETA on a terminal. */
export interface RunDisplay {
  /** `front`: size of the Pareto front so far, on a multi-objective study. */
  trialDone(outcome: TrialOutcome, best: number | null, front?: number): void;
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

/**
 * The line each finished trial gets: `trial 3: COMPLETE 0.12345; best so far 0.1`; with named
 * metrics `trial 3: COMPLETE val_loss=0.1234 param_count=1234 (infeasible); best so far 0.1`, and
 * on a multi-objective study `...; Pareto front 4 trials`.
 */
export function trialLine(o: TrialOutcome, best: number | null, front?: number): string {
  const shown = o.values ? Object.entries(o.values).map(([k, v]) => `${k}=${formatValue(v)}`).join(' ') : formatValue(o.value);
  const progress = front === undefined ? `best so far ${formatValue(best)}` : `Pareto front ${front} trial${front === 1 ? '' : 's'}`;
  return `trial ${o.number}: ${o.state} ${shown}${o.feasible === false ? ' (infeasible)' : ''}${o.reason ? ` (${o.reason})` : ''}; ${progress}`;
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
      trialDone: (o, best, front) => terminal.write(`${trialLine(o, best, front)}\n`),
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
    trialDone: (o, best, front) => {
      progress.done += 1;
      progress.best = best;
      print(trialLine(o, best, front));
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

/** Metric names of the best trials: validation metrics first, then the others, each once, in first-seen order; `skip` left out. */
function metricNames(trials: ApiTrial[], skip: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const t of trials) for (const name of Object.keys(metricsOf(t))) if (!skip.has(name)) names.add(name);
  return [...names].sort((a, b) => Number(!a.startsWith('val_')) - Number(!b.startsWith('val_')));
}

function metricsOf(trial: ApiTrial): Record<string, number> {
  const metrics = (trial.user_attrs as { metrics?: unknown }).metrics;
  return typeof metrics === 'object' && metrics !== null ? (metrics as Record<string, number>) : {};
}

function metricText(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(Number(value.toPrecision(4))) : '-';
}

/** What the study optimises, for the table's heading: `objective: value, minimized: lower is better` and the like. */
function objectiveHeading(study: RunSummary['study']): string {
  const spec = studySpec(study);
  const told = tellPlan(spec).names;
  const direction = (d: string) => (d === 'maximize' ? 'maximized' : 'minimized');
  if (told === null) return `objective: value, ${direction(study.direction)}: ${study.direction === 'maximize' ? 'higher' : 'lower'} is better; the other columns are the trainer's metrics`;
  const objectives = spec.objectives.map((o) => `${o.name} ${direction(o.direction)}`).join(', ');
  const constraints = spec.constraints.length > 0 ? `; constraints ${spec.constraints.map((c) => `${c.min === undefined ? '' : `${c.min} <= `}${c.name}${c.max === undefined ? '' : ` <= ${c.max}`}`).join(', ')}` : '';
  const rows = spec.objectives.length > 1 ? '; rows: the Pareto front (feasible trials no other beats on every objective)' : '; rows: the best feasible trials';
  return `objective${spec.objectives.length > 1 ? 's' : ''}: ${objectives}${constraints}${rows}`;
}

/**
 * The closing table: the study's best trials (the Pareto front with several objectives) with the
 * objective (named with its direction) or every objective and constraint the study tells, every
 * other metric the trainer returned (one column each), and each trial's weights folder.
 */
export function summaryTable(summary: RunSummary, backend: string | null): string {
  const counts = ['COMPLETE', 'PRUNED', 'FAIL'].map((s) => `${summary.outcomes.filter((o) => o.state === s).length} ${s}`).join(', ');
  const saved = summary.best.some((t) => (t.user_attrs as { weights_dir?: string }).weights_dir);
  const told = tellPlan(studySpec(summary.study)).names ?? [];
  const lines = [
    `study "${summary.study.name}" (${summary.study.id}): this run ${counts}${summary.interrupted ? ' (interrupted)' : ''}${backend ? `; TF.js backend ${backend}` : ''}`,
    objectiveHeading(summary.study),
    saved ? `weights: ${summary.studyDir}/<trial number>/` : 'weights: none saved by this trainer',
  ];
  if (summary.best.length === 0) return [...lines, told.length > 0 ? '(no feasible COMPLETE trial yet)' : '(no COMPLETE trial yet)'].join('\n');
  const names = metricNames(summary.best, new Set(told));
  const valueColumns = told.length > 0 ? told : ['value'];
  const rows = summary.best.map((t, i) => {
    const metrics = metricsOf(t);
    const weights = (t.user_attrs as { weights_dir?: string }).weights_dir ? `${t.number}/` : '-';
    const values = told.length > 0 ? told.map((n) => metricText(own(t.values ?? {}, n))) : [formatValue(t.value)];
    return [String(i + 1), String(t.number), ...values, ...names.map((n) => metricText(own(metrics, n))), weights];
  });
  return [...lines, table(['rank', 'trial', ...valueColumns, ...names, 'weights'], rows).trimEnd()].join('\n');
}

import { SingleBar, Presets } from 'cli-progress';
import type { RunSummary } from './run-study';
import type { TrialOutcome } from './run-trial';

/** Where `baytune run` writes: a progress bar on a TTY, one line per trial otherwise. */
export interface RunDisplay {
  trialDone(outcome: TrialOutcome, best: number | null): void;
  log(message: string): void;
  stop(): void;
}

function formatValue(value: number | null): string {
  return value === null ? '-' : value.toPrecision(5);
}

/** A progress display for `total` trials; the bar is shown only when `tty` (stdout is a terminal). */
export function createDisplay(total: number, tty: boolean, write: (line: string) => void): RunDisplay {
  if (!tty) {
    return {
      trialDone: (o, best) => write(`trial ${o.number}: ${o.state} ${formatValue(o.value)}${o.reason ? ` (${o.reason})` : ''}; best so far ${formatValue(best)}`),
      log: write,
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({ format: 'trials {bar} {value}/{total} | best {best} | last #{last} {state}', hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0, { best: '-', last: '-', state: '' });
  return {
    trialDone: (o, best) => bar.increment(1, { best: formatValue(best), last: String(o.number), state: o.state }),
    // NOTE: clears the bar's line first; the bar redraws itself on its next tick.
    log: (message) => write(`\r\x1b[2K${message}`),
    stop: () => bar.stop(),
  };
}

/** The closing table: the study's best trials with their values, key metrics and weights folders. */
export function summaryTable(summary: RunSummary, backend: string | null): string {
  const counts = ['COMPLETE', 'PRUNED', 'FAIL'].map((s) => `${summary.outcomes.filter((o) => o.state === s).length} ${s}`).join(', ');
  const lines = [
    `study "${summary.study.name}" (${summary.study.id}): this run ${counts}${summary.interrupted ? ' (interrupted)' : ''}${backend ? `; TF.js backend ${backend}` : ''}`,
    summary.best.some((t) => (t.user_attrs as { weights_dir?: string }).weights_dir) ? `weights: ${summary.studyDir}/<trial number>/` : 'weights: none saved by this trainer',
    'rank  trial  value         metrics                                   weights',
  ];
  summary.best.forEach((t, i) => {
    const attrs = t.user_attrs as { metrics?: Record<string, number>; weights_dir?: string };
    const metrics = Object.entries(attrs.metrics ?? {}).filter(([k]) => k.startsWith('val_')).map(([k, v]) => `${k}=${v.toPrecision(4)}`).join(' ');
    lines.push(`${String(i + 1).padEnd(6)}${String(t.number).padEnd(7)}${formatValue(t.value).padEnd(14)}${metrics.padEnd(42)}${attrs.weights_dir ?? '-'}`);
  });
  if (summary.best.length === 0) lines.push('(no COMPLETE trial yet)');
  return lines.join('\n');
}

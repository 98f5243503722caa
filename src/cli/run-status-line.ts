/** What the status line shows: progress of this run's trials and the best value so far. */
export interface RunProgress {
  done: number;
  total: number;
  best: number | null;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

const BAR_WIDTH = 20;

/** `1h02m`, `3m05s` or `42s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * Estimated time left: the mean time per finished trial times the trials left. NOTE: with several
 * workers trials finish in parallel, and elapsed / done already reflects that (wall-clock per
 * trial), so no worker count enters. null until the first trial finished.
 */
export function etaMs(p: RunProgress): number | null {
  if (p.done === 0) return null;
  return (p.elapsedMs / p.done) * Math.max(0, p.total - p.done);
}

/** The one-line status, cut to `columns` characters so it never wraps (a wrapped line cannot be cleared with \r). */
export function statusLine(p: RunProgress, formatValue: (v: number | null) => string, columns: number): string {
  const filled = p.total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * p.done) / p.total);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  const eta = etaMs(p);
  const text = `trials ${bar} ${p.done}/${p.total} | best ${formatValue(p.best)} | elapsed ${formatDuration(p.elapsedMs)} | ETA ${eta === null ? '-' : formatDuration(eta)}`;
  return text.length > columns - 1 ? text.slice(0, Math.max(0, columns - 1)) : text;
}

// The study's GP summary (GET /studies/{id}/model) as the dashboard keeps it: asked for at most once
// per interval and when the axes or the COMPLETE count change; kept through a 503 model_busy (the
// server is still fitting), shown stale with its age, and asked for again after Retry-After.
import { apiGet, studyPath } from './api.js';

/** "42 s", "3 min", "2 h": how old a model is. */
export function formatAge(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  return seconds < 90 * 60 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
}

export class ModelFeed {
  /** `onRetry` runs once Retry-After has passed after a 503 (the page refreshes then). */
  constructor(onRetry) {
    this.onRetry = onRetry;
    this.reset();
  }

  /** Forgets the model (another study was chosen). */
  reset() {
    clearTimeout(this.timer);
    // model: the last summary received; axes: the {x, y} it was asked for; busy: the 503 that made it stale.
    Object.assign(this, { model: null, axes: {}, key: '', receivedAt: 0, nextAt: 0, busy: null, timer: undefined });
  }

  /**
   * Asks for the model when forced, or when due and the axes or the COMPLETE count changed; true
   * when a new one arrived. On a 503 with a model kept, it keeps it (stale) and answers false;
   * any other failure forgets the model and throws. Either way the next ask waits Retry-After (else
   * `intervalMs`). `isCurrent()` false drops an answer that came after the page moved on.
   */
  async refresh(studyId, axes, trials, { force, intervalMs, isCurrent }) {
    const complete = trials.filter((t) => t.state === 'COMPLETE').length;
    const key = `${studyId}|${axes.x}|${axes.y}|${complete}`;
    if (!force && (key === this.key || Date.now() < this.nextAt)) return false;
    try {
      const model = await apiGet(`${studyPath(studyId)}/model`, { x: axes.x, y: axes.y, resolution: 30 });
      if (!isCurrent()) return false;
      Object.assign(this, { model, axes, key, receivedAt: Date.now(), nextAt: Date.now() + intervalMs, busy: null });
      return true;
    } catch (error) {
      if (!isCurrent()) return false;
      this.nextAt = Date.now() + (error.retryAfterMs ?? intervalMs);
      if (error.retryAfterMs !== null && error.retryAfterMs !== undefined) {
        clearTimeout(this.timer);
        this.timer = setTimeout(this.onRetry, error.retryAfterMs);
      }
      if (error.status === 503 && this.model) {
        this.busy = error;
        return false;
      }
      Object.assign(this, { model: null, key: '', busy: null });
      throw error;
    }
  }

  /** The stale mark at `now` (epoch ms): '' while the model shown is the latest answer. */
  staleText(now) {
    if (!this.busy || !this.model) return '';
    const retry = Math.max(0, Math.ceil((this.nextAt - now) / 1000));
    return `stale: model from ${formatAge(now - this.receivedAt)} ago; the server is still fitting (${this.busy.code}), asking again in ${retry} s`;
  }
}

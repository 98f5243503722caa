// Shared helpers of the plots: Plotly rendering, empty states and downsampling for big studies.

export const STATE_COLORS = {
  COMPLETE: '#1f7a44',
  RUNNING: '#2f6fde',
  WAITING: '#9aa1b1',
  PRUNED: '#e69500',
  FAIL: '#c62828',
};

const CONFIG = { responsive: true, displaylogo: false };

/** Plotly layout with the dashboard's compact defaults, merged with `extra`. */
export function baseLayout(extra = {}) {
  return {
    margin: { l: 55, r: 15, t: 10, b: 45 },
    showlegend: false,
    font: { size: 11 },
    paper_bgcolor: '#fff',
    plot_bgcolor: '#fff',
    ...extra,
  };
}

/** Draws (or redraws in place) a plot; `points` is recorded on the element as data-points. */
export function render(el, data, layout, points) {
  const empty = el.querySelector(':scope > .empty');
  if (empty) empty.remove();
  Plotly.react(el, data, layout, CONFIG);
  el.dataset.points = String(points);
}

/** Replaces a plot by a short message, such as "no complete trials yet". */
export function showEmpty(el, message) {
  Plotly.purge(el);
  // Plotly.purge drops the plot's event listeners: the next draw must attach them again.
  delete el.dataset.listening;
  el.textContent = '';
  const box = document.createElement('div');
  box.className = 'empty';
  box.textContent = message;
  el.appendChild(box);
  el.dataset.points = '0';
}

/** At most `max` items spread evenly over `items`, order kept (first and last always in). */
export function sampleEvenly(items, max) {
  if (items.length <= max) return items;
  const picked = [];
  const stride = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) picked.push(items[Math.round(i * stride)]);
  return picked;
}

/** Objective turned into a loss (lower is better) for the study's direction. */
export function lossOf(value, direction) {
  return direction === 'maximize' ? -value : value;
}

/**
 * At most `max` COMPLETE trials: the best half by the objective plus an even sample of the rest,
 * in number order. Keeps the interesting region visible while bounding the points drawn.
 */
export function bestAndSample(trials, max, direction) {
  if (trials.length <= max) return trials;
  const byLoss = [...trials].sort((a, b) => lossOf(a.value, direction) - lossOf(b.value, direction));
  const best = byLoss.slice(0, Math.floor(max / 2));
  const chosen = new Set(best);
  const rest = sampleEvenly(trials.filter((t) => !chosen.has(t)), max - best.length);
  return best.concat(rest).sort((a, b) => a.number - b.number);
}

export function completeTrials(trials) {
  return trials.filter((t) => t.state === 'COMPLETE' && typeof t.value === 'number');
}

/** A note shown under a plot when it draws a sample: "showing n of m". */
export function sampledTitle(shown, total) {
  return shown < total ? `(showing ${shown} of ${total})` : '';
}

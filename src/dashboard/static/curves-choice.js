// Which trials the learning-curve plot draws: chosen by the user, never capped silently.
import { lossOf } from './plot-common.js';

/** NOTE: past 200 lines a plot is an unreadable tangle; the note then says how many were left out. */
const MAX_CURVES = 200;

function finalLoss(t, direction) {
  const last = [...t.intermediate_values].sort((a, b) => a.step - b.step).pop();
  const value = typeof t.value === 'number' ? t.value : last.value;
  return lossOf(value, direction);
}

/**
 * The trials with intermediate values picked by `mode`: `best:N` (best final value: the told value,
 * else the last reported), `latest:N` (highest numbers), `state:S` (every trial in state S), or
 * `picked` (the numbers ticked in the table). Returns them in number order with the note to show.
 */
export function chooseCurves(trials, mode, picked, direction) {
  const withCurves = trials.filter((t) => t.intermediate_values.length > 0);
  const [kind, arg] = mode.split(':');
  let chosen;
  if (kind === 'best') chosen = [...withCurves].sort((a, b) => finalLoss(a, direction) - finalLoss(b, direction)).slice(0, Number(arg));
  else if (kind === 'latest') chosen = withCurves.slice(-Number(arg));
  else if (kind === 'state') chosen = withCurves.filter((t) => t.state === arg);
  else chosen = withCurves.filter((t) => picked.includes(t.number));
  const wanted = chosen.length;
  chosen = chosen.slice(0, MAX_CURVES).sort((a, b) => a.number - b.number);
  const cut = wanted > MAX_CURVES ? ` (the first ${MAX_CURVES} of ${wanted}: narrow the choice to see the rest)` : '';
  const note = kind === 'picked' && picked.length === 0 ? 'tick trials in the table below' : `${chosen.length} of ${withCurves.length} trials with curves${cut}`;
  return { chosen, note };
}

// What a study optimises, as the page reads it: objectives, constraints, per-trial metrics,
// Pareto classification and the hypervolume (all on COMPLETE trials; the server's `feasible` decides
// feasibility). Metric names are the user's: read with own-property checks only.

/**
 * The study's objectives ([{name, direction}], 1-4) and constraints ([{name, min?, max?}]); a study
 * without the fields (older server) has one objective `value` in its `direction`.
 */
export function objectiveSpec(study) {
  const objectives = Array.isArray(study.objectives) && study.objectives.length > 0 ? study.objectives : [{ name: 'value', direction: study.direction }];
  return { objectives, constraints: Array.isArray(study.constraints) ? study.constraints : [] };
}

/** True when trials carry metrics beyond one plain objective: several objectives or any constraint. */
export function hasNamedMetrics(spec) {
  return spec.objectives.length > 1 || spec.constraints.length > 0;
}

/** The trial's value of metric `name` (a finite number), or undefined. */
export function metricOf(trial, name) {
  const values = trial.values;
  if (values === null || typeof values !== 'object' || !Object.hasOwn(values, name)) return undefined;
  const v = values[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The objectives of a trial as losses (maximised ones negated), or null when one is missing. */
export function lossesOf(spec, trial) {
  const losses = [];
  for (const o of spec.objectives) {
    const v = metricOf(trial, o.name);
    if (v === undefined) return null;
    losses.push(o.direction === 'maximize' ? -v : v);
  }
  return losses;
}

/** Pareto dominance of loss vectors: no worse everywhere, strictly better somewhere. */
export function dominates(a, b) {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) strictly = true;
  }
  return strictly;
}

/**
 * The COMPLETE trials with every objective, split three ways: `front` (feasible, dominated by no
 * feasible trial: what GET /pareto answers), `dominated` (feasible, beaten by a feasible trial) and
 * `infeasible` (the server marked them infeasible). Each in trial-number order. O(n · front).
 */
export function classifyTrials(spec, trials) {
  const scored = [];
  const infeasible = [];
  for (const t of trials) {
    if (t.state !== 'COMPLETE') continue;
    const losses = lossesOf(spec, t);
    if (losses === null) continue;
    if (t.feasible === false) infeasible.push(t);
    else scored.push({ trial: t, losses });
  }
  const front = [];
  const dominated = [];
  for (const s of scored) (scored.some((o) => dominates(o.losses, s.losses)) ? dominated : front).push(s.trial);
  return { front, dominated, infeasible };
}

/** The area a 2-D staircase (sorted by x ascending, y descending, none dominating another) dominates up to `reference`. */
function staircaseArea(front, reference) {
  let area = 0;
  let lowestY = reference[1];
  for (const q of front) {
    area += (reference[0] - q[0]) * (lowestY - q[1]);
    lowestY = q[1];
  }
  return area;
}

/** Adds `p` to a 2-D staircase (see staircaseArea) unless a point of it is at least as good; drops what `p` dominates. */
function addToStaircase(front, p) {
  if (front.some((q) => q[0] <= p[0] && q[1] <= p[1])) return front;
  const kept = front.filter((q) => !(p[0] <= q[0] && p[1] <= q[1]));
  const at = kept.findIndex((q) => q[0] > p[0]);
  kept.splice(at === -1 ? kept.length : at, 0, p);
  return kept;
}

/**
 * Exact hypervolume (minimisation) of loss vectors against `reference`: the volume of the union of
 * boxes [p, reference]. Points not strictly better than the reference in every entry add nothing.
 * 2-D: a staircase; 3-D: slabs along the last objective over an incrementally kept staircase,
 * O(n · front); 4-D: slices along the last objective, each a 3-D volume, O(n² · front).
 */
export function hypervolume(points, reference) {
  const m = reference.length;
  const inside = points.filter((p) => p.every((v, i) => v < reference[i]));
  if (inside.length === 0) return 0;
  if (m === 1) return reference[0] - Math.min(...inside.map((p) => p[0]));
  if (m === 2) return staircaseArea(inside.reduce(addToStaircase, []), reference);
  const sorted = [...inside].sort((a, b) => a[m - 1] - b[m - 1]);
  let volume = 0;
  let staircase = [];
  for (let i = 0; i < sorted.length; i++) {
    if (m === 3) staircase = addToStaircase(staircase, sorted[i]);
    const depth = (i + 1 < sorted.length ? sorted[i + 1][m - 1] : reference[m - 1]) - sorted[i][m - 1];
    if (depth <= 0) continue;
    volume += depth * (m === 3 ? staircaseArea(staircase, reference) : hypervolume(sorted.slice(0, i + 1).map((p) => p.slice(0, m - 1)), reference.slice(0, m - 1)));
  }
  return volume;
}

/** Share of each objective's range the reference point sits beyond the worst feasible value. */
export const REFERENCE_MARGIN = 0.1;

/**
 * The reference point, in losses, taken from the data: for each objective the worst loss among
 * the feasible COMPLETE trials plus REFERENCE_MARGIN of its range (1 when the range is 0), so
 * every feasible trial adds volume. It moves when a new trial widens a range.
 */
export function referencePoint(lossVectors) {
  const m = lossVectors[0].length;
  return Array.from({ length: m }, (_, i) => {
    const column = lossVectors.map((p) => p[i]);
    const [low, high] = [Math.min(...column), Math.max(...column)];
    return high + REFERENCE_MARGIN * (high > low ? high - low : 1);
  });
}

/** NOTE: past two objectives a volume costs O(n · front) (3) or O(n² · front) (4): the curve is then evaluated at this many trials at most. */
const MAX_VOLUMES_3D = 100;
/** NOTE: 4 objectives and a larger front would block the page for seconds: no curve then (the caption says why). */
export const MAX_FRONT_4D = 150;

/**
 * The hypervolume of the feasible front after each feasible COMPLETE trial, in trial-number order:
 * {numbers, volumes, reference, tooLarge} (reference in losses), or null without feasible trials.
 * The front is kept incrementally; the volume is recomputed only when a trial joined it, and with
 * three or more objectives only at MAX_VOLUMES_3D trials spread evenly (the last always among
 * them). With four objectives the curve stops (tooLarge) once the front passes MAX_FRONT_4D.
 */
export function hypervolumeHistory(spec, trials) {
  const feasible = [];
  for (const t of trials) {
    if (t.state !== 'COMPLETE' || t.feasible === false) continue;
    const losses = lossesOf(spec, t);
    if (losses !== null) feasible.push({ number: t.number, losses });
  }
  if (feasible.length === 0) return null;
  feasible.sort((a, b) => a.number - b.number);
  const reference = referencePoint(feasible.map((f) => f.losses));
  const stride = spec.objectives.length <= 2 ? 1 : Math.max(1, feasible.length / MAX_VOLUMES_3D);
  let front = [];
  let changed = false;
  let tooLarge = false;
  let volume = 0;
  const numbers = [];
  const volumes = [];
  feasible.forEach((f, i) => {
    if (!front.some((p) => dominates(p, f.losses) || p.every((v, k) => v === f.losses[k]))) {
      front = front.filter((p) => !dominates(f.losses, p)).concat([f.losses]);
      changed = true;
    }
    const due = i === feasible.length - 1 || Math.floor((i + 1) / stride) !== Math.floor(i / stride);
    if (!due || tooLarge) return;
    if (spec.objectives.length > 3 && front.length > MAX_FRONT_4D) {
      tooLarge = true;
      return;
    }
    if (changed) volume = hypervolume(front, reference);
    changed = false;
    numbers.push(f.number);
    volumes.push(volume);
  });
  return { numbers, volumes, reference, tooLarge };
}

/**
 * The trials as the single-objective plots read them: `value` set to objective `name` for trials
 * that carry it (COMPLETE ones of a multi-objective study). Unchanged when `name` is the value a
 * trial already holds (one objective), so single-objective plots see the trials as they are.
 */
export function trialsForObjective(spec, trials, name) {
  if (spec.objectives.length === 1) return trials;
  return trials.map((t) => {
    const v = metricOf(t, name);
    return v === undefined ? (t.state === 'COMPLETE' ? { ...t, value: null } : t) : { ...t, value: v };
  });
}

/** Text of a constraint for captions and headers: `memory_mb ≤ 512`, `0.9 ≤ accuracy`, `1 ≤ x ≤ 5`. */
export function constraintText(c) {
  const low = typeof c.min === 'number' ? `${c.min} ≤ ` : '';
  const high = typeof c.max === 'number' ? ` ≤ ${c.max}` : '';
  return `${low}${c.name}${high}`;
}

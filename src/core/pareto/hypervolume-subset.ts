import { hypervolume } from './hypervolume';

/** Smallest margin of a reference point past the worst value, so a 0 worst value still leaves room. */
const MIN_MARGIN = 1e-12;

/**
 * A reference point for loss vectors (minimisation) when none is given: each objective's worst
 * value pushed 10% of its magnitude further out (at least 1e-12), so every point, the worst
 * included, adds some hypervolume. Throws on an empty list.
 */
export function referencePointOf(points: readonly (readonly number[])[]): number[] {
  if (points.length === 0) throw new Error('referencePointOf: no points');
  return points[0]!.map((_, k) => {
    const worst = Math.max(...points.map((p) => p[k]!));
    return worst + Math.max(0.1 * Math.abs(worst), MIN_MARGIN);
  });
}

/**
 * Each point's exclusive hypervolume contribution: the hypervolume of all points minus that of
 * all but this one (0 for a dominated point or an exact duplicate), in input order.
 */
export function hypervolumeContributions(points: readonly (readonly number[])[], reference: readonly number[]): number[] {
  const total = hypervolume(points, reference);
  return points.map((_, i) => Math.max(0, total - hypervolume(points.filter((__, j) => j !== i), reference)));
}

/**
 * Greedy hypervolume subset selection: indices of `size` points (all of them when size >= n),
 * picked one at a time as the point that adds the most hypervolume to those already picked (ties,
 * and gains that are not numbers, to the lower index), in the order picked. The greedy choice is
 * within 1 - 1/e of the best subset's hypervolume, since hypervolume is submodular.
 * NOTE: two savings keep a 4-objective front of 300 points affordable. Lazy evaluation (Minoux):
 * a point's last computed gain bounds its gain from then on (gains only shrink as the subset
 * grows), so only the point with the largest bound is recomputed until a fresh gain stays on top.
 * And a gain is computed as the point's box minus the hypervolume of the picked points clipped
 * into that box (see gainOver), where few clipped points stay non-dominated.
 */
export function greedyHypervolumeSubset(points: readonly (readonly number[])[], size: number, reference: readonly number[]): number[] {
  if (size >= points.length) return [...points.keys()];
  const bound = points.map((p) => gainOver([], p, reference));
  const freshAt = new Array<number>(points.length).fill(0);
  const picked: (readonly number[])[] = [];
  const order: number[] = [];
  const left = new Set(points.keys());
  while (order.length < size) {
    let top = -1;
    for (const i of left) if (top < 0 || bound[i]! > bound[top]!) top = i;
    if (freshAt[top] !== order.length) {
      bound[top] = gainOver(picked, points[top]!, reference);
      freshAt[top] = order.length;
      continue;
    }
    order.push(top);
    picked.push(points[top]!);
    left.delete(top);
  }
  return order;
}

/**
 * The hypervolume `point` adds to `picked`: the volume of its box up to the reference minus the
 * part already covered, which is the hypervolume of the picked points clipped into that box.
 */
function gainOver(picked: readonly (readonly number[])[], point: readonly number[], reference: readonly number[]): number {
  let box = 1;
  for (let k = 0; k < reference.length; k++) box *= Math.max(0, reference[k]! - point[k]!);
  if (box === 0 || picked.length === 0) return box;
  return box - hypervolume(picked.map((q) => q.map((v, k) => Math.max(v, point[k]!))), reference);
}

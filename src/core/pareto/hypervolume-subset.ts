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
 * and volumes that are not numbers, to the lower index), in the order picked. The greedy choice is within 1 - 1/e of the best
 * subset's hypervolume, since hypervolume is submodular.
 */
export function greedyHypervolumeSubset(points: readonly (readonly number[])[], size: number, reference: readonly number[]): number[] {
  if (size >= points.length) return [...points.keys()];
  const picked: number[] = [];
  const left = new Set(points.keys());
  while (picked.length < size) {
    const base = picked.map((i) => points[i]!);
    let best = -1;
    let bestVolume = -Infinity;
    for (const i of left) {
      const volume = hypervolume([...base, points[i]!], reference);
      if (best < 0 || volume > bestVolume) {
        best = i;
        bestVolume = volume;
      }
    }
    picked.push(best);
    left.delete(best);
  }
  return picked;
}

import { paretoFrontIndices } from '../../domain/objectives';

/**
 * Disjoint axis-aligned boxes that exactly tile the NON-DOMINATED region of a set of loss vectors
 * (minimisation) below a reference point: every z with z < reference in every entry that no point p
 * weakly dominates (p <= z in every entry), up to boundaries of measure zero. Box k spans
 * [lower[k*m + j], upper[k*m + j]] in objective j; lower bounds may be -Infinity (the region is
 * unbounded below), upper bounds are finite (at most the reference).
 */
export interface BoxDecomposition {
  /** Number of objectives m. */
  m: number;
  /** Number of boxes K. */
  count: number;
  /** K x m lower corners, row-major; -Infinity where unbounded. */
  lower: Float64Array;
  /** K x m upper corners, row-major. */
  upper: Float64Array;
}

/**
 * The box decomposition of the region below `reference` not dominated by `points` (each of length
 * m = reference.length). Points not strictly below the reference in every entry are dropped, and so
 * are dominated ones. Built by slicing along the last objective: between consecutive levels of it,
 * the slab's non-dominated region is that of the (m-1)-objective projections of the points below
 * the level (one box for m = 1). O(P^(m-1)) boxes for P front points: P + 1 for two objectives,
 * at most (P + 1)(P + 2) / 2 for three, so meant for m <= 3 (and small fronts of 4).
 */
export function nonDominatedBoxes(points: readonly (readonly number[])[], reference: readonly number[]): BoxDecomposition {
  const m = reference.length;
  const inside = points.filter((p) => p.length === m && p.every((v, j) => v < reference[j]!));
  const front = paretoFrontIndices(inside).map((i) => inside[i]!);
  const boxes: { lower: number[]; upper: number[] }[] = [];
  slice(front, reference, [], [], boxes);
  const lower = new Float64Array(boxes.length * m);
  const upper = new Float64Array(boxes.length * m);
  boxes.forEach((b, k) => {
    lower.set(b.lower, k * m);
    upper.set(b.upper, k * m);
  });
  return { m, count: boxes.length, lower, upper };
}

/**
 * Appends the boxes of the non-dominated region of `points` (all below `reference`) in the leading
 * reference.length objectives, each extended by the fixed trailing intervals [tailLower, tailUpper].
 */
function slice(points: readonly (readonly number[])[], reference: readonly number[], tailLower: number[], tailUpper: number[], out: { lower: number[]; upper: number[] }[]): void {
  const m = reference.length;
  const last = m - 1;
  if (m === 1) {
    const top = points.reduce((lo, p) => Math.min(lo, p[0]!), reference[0]!);
    out.push({ lower: [-Infinity, ...tailLower], upper: [top, ...tailUpper] });
    return;
  }
  const sorted = [...points].sort((a, b) => a[last]! - b[last]!);
  const lowerRef = reference.slice(0, last);
  let level = -Infinity;
  for (let i = 0; i <= sorted.length; i++) {
    const next = i < sorted.length ? sorted[i]![last]! : reference[last]!;
    if (next > level) {
      const below = sorted.slice(0, i).map((p) => p.slice(0, last));
      const layer = paretoFrontIndices(below).map((k) => below[k]!);
      slice(layer, lowerRef, [level, ...tailLower], [next, ...tailUpper], out);
      level = next;
    }
  }
}

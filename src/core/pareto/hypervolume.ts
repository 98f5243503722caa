import { paretoFrontIndices } from '../../domain/objectives';

/**
 * The hypervolume of loss vectors (minimisation) with respect to a reference point: the measure
 * of the region dominated by at least one point and bounded above by `reference`. Points that are
 * not strictly below the reference in every entry add nothing and are dropped. Exact for any
 * number of objectives by slicing along the last one (the 2-objective base case is a sweep), so
 * O(n^(m-1) log n) for n points of m objectives: fine for m <= 4 and a few hundred points.
 */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const m = reference.length;
  const inside = points.filter((p) => p.length === m && p.every((v, i) => v < reference[i]!));
  if (inside.length === 0) return 0;
  const front = paretoFrontIndices(inside).map((i) => inside[i]!);
  return sliced(front, reference);
}

function sliced(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const m = reference.length;
  if (m === 1) return reference[0]! - Math.min(...points.map((p) => p[0]!));
  if (m === 2) return sweep2d(points, reference);
  const last = m - 1;
  const sorted = [...points].sort((a, b) => a[last]! - b[last]!);
  const lower = reference.slice(0, last);
  let volume = 0;
  // The non-dominated projections of the points up to this slice, kept as each point is added.
  let layer: (readonly number[])[] = [];
  for (let i = 0; i < sorted.length; i++) {
    layer = withPoint(layer, sorted[i]!.slice(0, last));
    const top = i + 1 < sorted.length ? sorted[i + 1]![last]! : reference[last]!;
    const depth = top - sorted[i]![last]!;
    if (depth <= 0) continue;
    volume += depth * sliced(layer, lower);
  }
  return volume;
}

/** A set of mutually non-dominated points with `p` added: unchanged when one weakly dominates p, else without those p weakly dominates. */
function withPoint(front: readonly (readonly number[])[], p: readonly number[]): (readonly number[])[] {
  const noWorse = (a: readonly number[], b: readonly number[]): boolean => a.every((v, k) => v <= b[k]!);
  if (front.some((q) => noWorse(q, p))) return front as (readonly number[])[];
  return [...front.filter((q) => !noWorse(p, q)), p];
}

function sweep2d(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let area = 0;
  let ceiling = reference[1]!;
  for (const p of sorted) {
    if (p[1]! >= ceiling) continue;
    area += (reference[0]! - p[0]!) * (ceiling - p[1]!);
    ceiling = p[1]!;
  }
  return area;
}

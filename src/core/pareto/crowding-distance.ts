/**
 * NSGA-II's crowding distance of each loss vector within one front (Deb et al. 2002): for every
 * objective, the points are sorted by it; the two extremes get Infinity and each other point adds
 * the gap between its two neighbours divided by that objective's range on the front. Larger means
 * lonelier, so preferring it keeps the front spread. Returned in input order; a front of at most
 * two points is all Infinity; an objective constant on the front adds nothing. Ties in an
 * objective are broken by input index, so the result is deterministic.
 */
export function crowdingDistances(front: readonly (readonly number[])[]): number[] {
  const n = front.length;
  const distance = new Array<number>(n).fill(0);
  if (n <= 2) return distance.fill(Infinity);
  const m = front[0]!.length;
  for (let k = 0; k < m; k++) {
    const order = [...front.keys()].sort((a, b) => front[a]![k]! - front[b]![k]! || a - b);
    const low = front[order[0]!]![k]!;
    const range = front[order[n - 1]!]![k]! - low;
    distance[order[0]!] = Infinity;
    distance[order[n - 1]!] = Infinity;
    if (!(range > 0) || !Number.isFinite(range)) continue;
    for (let i = 1; i < n - 1; i++) {
      distance[order[i]!]! += (front[order[i + 1]!]![k]! - front[order[i - 1]!]![k]!) / range;
    }
  }
  return distance;
}

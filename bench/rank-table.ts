/**
 * The closing table of the regret benchmark: one row per strategy, its median log10 regret at the
 * budget on each function, and its average rank over the functions (rank 1 = lowest median on
 * that function; tied medians share the mean of their ranks).
 * @param medians strategy -> function -> median log10 regret at the budget
 */
export function rankTable(medians: ReadonlyMap<string, ReadonlyMap<string, number>>, functions: readonly string[]): string {
  const strategies = [...medians.keys()];
  const ranks = new Map<string, number[]>(strategies.map((s) => [s, []]));
  for (const fname of functions) {
    const values = strategies.map((s) => medians.get(s)?.get(fname) ?? Infinity);
    strategies.forEach((s, i) => ranks.get(s)?.push(rankOf(values, values[i] as number)));
  }
  const width = Math.max(12, ...strategies.map((s) => s.length + 1));
  const header = ['strategy'.padEnd(width), ...functions.map((f) => f.padStart(15)), 'avg rank'.padStart(9)].join(' ');
  const rows = strategies
    .map((s) => ({ s, avg: average(ranks.get(s) ?? []) }))
    .sort((a, b) => a.avg - b.avg)
    .map(({ s, avg }) => [s.padEnd(width), ...functions.map((f) => (medians.get(s)?.get(f) ?? NaN).toFixed(2).padStart(15)), avg.toFixed(2).padStart(9)].join(' '));
  return [header, ...rows].join('\n');
}

/** 1-based rank of v among values (lower is better), ties averaged. */
function rankOf(values: readonly number[], v: number): number {
  const below = values.filter((x) => x < v).length;
  const equal = values.filter((x) => x === v).length;
  return below + (equal + 1) / 2;
}

function average(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

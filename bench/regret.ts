import { BENCHMARK_FUNCTIONS, benchmarkFunction } from './functions';
import { runOptimization, type RunResult } from './harness';
import { rankTable } from './rank-table';
import { BENCH_STRATEGIES } from './strategies';

/**
 * Regret benchmark (issue 3): for each function and strategy, `--seeds` runs of `--budget`
 * evaluations; prints median and mean log10(simple regret) at 20, 40, 60 (and the budget) and the
 * mean seconds per ask. Flags: --seeds N (default 8), --budget N (60), --functions a,b,
 * --strategies a,b (default: every entry of bench/strategies.ts), --first-seed N (0), --verbose (prints
 * each run's final log10 regret).
 */
interface Flags {
  seeds: number;
  budget: number;
  firstSeed: number;
  functions: string[];
  strategies: string[];
  verbose: boolean;
}

function parseFlags(argv: string[]): Flags {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    seeds: Number(get('seeds') ?? 8),
    budget: Number(get('budget') ?? 60),
    firstSeed: Number(get('first-seed') ?? 0),
    functions: (get('functions') ?? BENCHMARK_FUNCTIONS.map((f) => f.name).join(',')).split(','),
    strategies: (get('strategies') ?? BENCH_STRATEGIES.map((s) => s.name).join(',')).split(','),
    verbose: argv.includes('--verbose'),
  };
}

/** log10 of a regret, with exact hits floored at 1e-12. */
export function logRegret(r: number): number {
  return Math.log10(Math.max(r, 1e-12));
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const checkpoints = [20, 40, 60].filter((c) => c < flags.budget).concat([flags.budget]);
  console.log(`regret benchmark: ${flags.seeds} seeds from ${flags.firstSeed}, ${flags.budget} evaluations; log10(simple regret) median / mean`);
  const finalMedians = new Map<string, Map<string, number>>(flags.strategies.map((name) => [name, new Map()]));
  for (const fname of flags.functions) {
    const fn = benchmarkFunction(fname);
    console.log(`\n${fn.name}`);
    console.log(['strategy'.padEnd(12), ...checkpoints.map((c) => `@${c} med / mean`.padStart(18)), 's/ask'.padStart(8)].join(' '));
    for (const sname of flags.strategies) {
      const strategy = BENCH_STRATEGIES.find((s) => s.name === sname);
      if (!strategy) throw new Error(`unknown strategy "${sname}"; known: ${BENCH_STRATEGIES.map((s) => s.name).join(', ')}`);
      const runs: RunResult[] = [];
      for (let s = 0; s < flags.seeds; s++) runs.push(await runOptimization(strategy, fn, flags.budget, flags.firstSeed + s));
      const cells = checkpoints.map((c) => {
        const values = runs.map((r) => logRegret(r.regret[c - 1] as number));
        return `${median(values).toFixed(2)} / ${mean(values).toFixed(2)}`.padStart(18);
      });
      finalMedians.get(sname)?.set(fname, median(runs.map((r) => logRegret(r.regret[flags.budget - 1] as number))));
      if (flags.verbose) {
        const fallbacks = runs.reduce((s, r) => s + r.deadlineFallbacks, 0);
        console.log(`  ${sname} per seed @${flags.budget}: ${runs.map((r) => logRegret(r.regret[flags.budget - 1] as number).toFixed(2)).join(' ')}; deadline fallbacks: ${fallbacks}`);
      }
      console.log([sname.padEnd(12), ...cells, mean(runs.map((r) => r.secondsPerAsk)).toFixed(3).padStart(8)].join(' '));
    }
  }
  console.log(`\nall strategies: median log10 regret at ${flags.budget} evaluations, average rank over the functions\n${rankTable(finalMedians, flags.functions)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

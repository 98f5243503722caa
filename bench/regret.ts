import { createHash } from 'node:crypto';
import { median, medianPrunerFactory } from '../src/pruners/median';
import type { Pruner } from '../src/pruners/pruner';
import { benchFlags, numericFlag } from './flags';
import { BENCHMARK_FUNCTIONS, EXTRA_FUNCTIONS, benchmarkFunction, type BenchmarkFunction } from './functions';
import { logRegret, runOptimization, type RunResult } from './harness';
import { syntheticCurves } from './learning-curves';
import { rankTable } from './rank-table';
import { BENCH_STRATEGIES } from './strategies';

/** Regret benchmark (issues 3, 10); the flags and what it prints are in USAGE. */
const USAGE = `npm run bench:regret [-- flags]: for each function and strategy, --seeds runs of --budget
evaluations; prints the median, mean and worst seed of log10(simple regret) at 20, 40, 60 (and the
budget), the mean sampler seconds per evaluation (s/eval), and for functions with a failure region the share of
model-guided suggestions that failed.
  --seeds N            runs per function and strategy (16)
  --first-seed N       seed of the first run (0)
  --budget N           evaluations per run (60)
  --functions a,b      functions (default: the suite and the extra functions; rosenbrock20,
                       sum_squares20, hartmann6_fail, branin_hole, ackley5_corner,
                       rosenbrock4_edge and the held-out six_hump_camel, goldstein_price,
                       styblinski_tang4, michalewicz5, shekel4 by name only)
  --strategies a,b     strategies of bench/strategies.ts (all)
  --sampler-options J  JSON merged into every strategy's options, e.g. '{"max_train": 2000}'
  --deadline-ms N      the ask deadline, as in the server (2000); raise it on a shared machine so
                       the figures measure the method, not the load
  --checkpoints a,b    extra evaluation counts to report, e.g. 100,300 for a long study
  --noise SD           tell f(x) plus Gaussian noise of standard deviation SD (function units; 0);
                       the regret is then that of the trial with the lowest value told, on f
  --pruner TYPE        run each evaluation as a synthetic training run of --steps reports that
                       fall towards f(x) (bench/learning-curves.ts) under this pruner: median
                       (n_startup_trials 5, n_warmup_steps 1) or none (the default: no curves);
                       pruned runs are told as PRUNED, and only complete runs count for the regret
  --steps N            reports per synthetic training run (8)
  --fail-as V          on a function with a failure region, tell a failing evaluation as the value
                       V instead of FAIL (a diverged run reported as a large number)
  --verbose            each run's regret at every checkpoint as soon as it ends (with a failure
                       region: how many of its model-guided suggestions failed), its final log10
                       regret and a sha1 of its full-precision regret trajectory (a refactor can
                       show its trajectories are bit-identical)`;

interface Flags {
  seeds: number;
  budget: number;
  firstSeed: number;
  functions: string[];
  strategies: string[];
  verbose: boolean;
  samplerOptions: Record<string, unknown>;
  deadlineMs: number;
  extraCheckpoints: number[];
  noiseSd: number;
  pruner: Pruner | null;
  steps: number;
  failAs: number | null;
}

function parseFlags(argv: string[]): Flags {
  const flags = benchFlags(USAGE, {
    seeds: '16', budget: '60', 'first-seed': '0', functions: null, strategies: null, verbose: false,
    'sampler-options': '{}', 'deadline-ms': '2000', checkpoints: '', noise: '0', pruner: 'none', steps: '8', 'fail-as': null,
  }, argv);
  if (flags.pruner !== 'none' && flags.pruner !== 'median') {
    console.error(`--pruner must be median or none, got "${flags.pruner}"\n\n${USAGE}`);
    process.exit(2);
  }
  return {
    seeds: numericFlag(USAGE, 'seeds', flags.seeds, 1),
    budget: numericFlag(USAGE, 'budget', flags.budget, 1),
    firstSeed: numericFlag(USAGE, 'first-seed', flags['first-seed'], 0),
    functions: (flags.functions ?? [...BENCHMARK_FUNCTIONS, ...EXTRA_FUNCTIONS].map((f) => f.name).join(',')).split(','),
    strategies: (flags.strategies ?? BENCH_STRATEGIES.map((s) => s.name).join(',')).split(','),
    verbose: flags.verbose,
    samplerOptions: JSON.parse(flags['sampler-options']) as Record<string, unknown>,
    deadlineMs: numericFlag(USAGE, 'deadline-ms', flags['deadline-ms'], 1),
    extraCheckpoints: flags.checkpoints.split(',').filter((c) => c !== '').map(Number),
    noiseSd: numericFlag(USAGE, 'noise', flags.noise, 0),
    pruner: flags.pruner === 'median' ? medianPrunerFactory.create({ n_startup_trials: 5, n_warmup_steps: 1 }) : null,
    steps: numericFlag(USAGE, 'steps', flags.steps, 2),
    failAs: flags['fail-as'] === undefined ? null : numericFlag(USAGE, 'fail-as', flags['fail-as'], -Number.MAX_VALUE),
  };
}

/**
 * `fn` with its failing evaluations told as the value `failAs` instead of FAIL (--fail-as), as a
 * user who reports a diverged run's loss as a large number; `fn` itself without a failure region
 * or without the flag. Its f* stays that of the function (the failing value is never the best).
 */
function failingAs(fn: BenchmarkFunction, failAs: number | null): BenchmarkFunction {
  const fails = fn.fails;
  if (failAs === null || !fails) return fn;
  return { ...fn, name: `${fn.name} (failures told as ${failAs})`, fails: undefined, evaluate: (p) => (fails(p) ? failAs : fn.evaluate(p)) };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The share of model-guided suggestions that failed, pooled over runs, and the worst run's. */
function failureShare(runs: RunResult[]): string {
  const guided = runs.reduce((s, r) => s + r.modelGuided, 0);
  const failed = runs.reduce((s, r) => s + r.modelGuidedFailures, 0);
  const worst = Math.max(...runs.map((r) => r.modelGuidedFailures / Math.max(1, r.modelGuided)));
  return `model-guided suggestions in the failure region: ${((100 * failed) / Math.max(1, guided)).toFixed(1)}% (worst run ${(100 * worst).toFixed(1)}%)`;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const checkpoints = [...new Set([20, 40, 60, ...flags.extraCheckpoints].filter((c) => c < flags.budget))]
    .sort((a, b) => a - b)
    .concat([flags.budget]);
  const pruning = flags.pruner ? `, synthetic training runs of ${flags.steps} reports under the median pruner (regret of the complete runs)` : '';
  console.log(`regret benchmark: ${flags.seeds} seeds from ${flags.firstSeed}, ${flags.budget} evaluations${flags.noiseSd > 0 ? `, noise sd ${flags.noiseSd}` : ''}${pruning}; log10(simple regret) median / mean / worst seed`);
  const finalMedians = new Map<string, Map<string, number>>(flags.strategies.map((name) => [name, new Map()]));
  for (const fname of flags.functions) {
    const fn = failingAs(benchmarkFunction(fname), flags.failAs);
    const curves = flags.pruner ? syntheticCurves(fn, flags.steps, flags.pruner) : undefined;
    console.log(`\n${fn.name}`);
    console.log(['strategy'.padEnd(12), ...checkpoints.map((c) => `@${c} med / mean / worst`.padStart(24)), 's/eval'.padStart(8)].join(' '));
    for (const sname of flags.strategies) {
      const strategy = BENCH_STRATEGIES.find((s) => s.name === sname);
      if (!strategy) throw new Error(`unknown strategy "${sname}"; known: ${BENCH_STRATEGIES.map((s) => s.name).join(', ')}`);
      const runs: RunResult[] = [];
      const withOptions = { ...strategy, options: { ...strategy.options, ...flags.samplerOptions } };
      for (let s = 0; s < flags.seeds; s++) {
        const run = await runOptimization(withOptions, fn, flags.budget, flags.firstSeed + s, { deadlineMs: flags.deadlineMs, noiseSd: flags.noiseSd, curves });
        runs.push(run);
        if (flags.verbose) console.log(`  ${sname} seed ${flags.firstSeed + s}: ${checkpoints.map((c) => `@${c} ${logRegret(run.regret[c - 1] as number).toFixed(2)}`).join(' ')}${fn.fails ? `, ${run.modelGuidedFailures} of ${run.modelGuided} model-guided failed` : ''}`);
      }
      const cells = checkpoints.map((c) => {
        const values = runs.map((r) => logRegret(r.regret[c - 1] as number));
        return `${median(values).toFixed(2)} / ${mean(values).toFixed(2)} / ${Math.max(...values).toFixed(2)}`.padStart(24);
      });
      finalMedians.get(sname)?.set(fname, median(runs.map((r) => logRegret(r.regret[flags.budget - 1] as number))));
      if (flags.verbose) {
        const fallbacks = runs.reduce((s, r) => s + r.deadlineFallbacks, 0);
        const sha1 = createHash('sha1').update(JSON.stringify(runs.map((r) => r.regret))).digest('hex');
        console.log(`  ${sname} per seed @${flags.budget}: ${runs.map((r) => logRegret(r.regret[flags.budget - 1] as number).toFixed(2)).join(' ')}; deadline fallbacks: ${fallbacks}; sha1 of full-precision regrets ${sha1}`);
      }
      console.log([sname.padEnd(12), ...cells, mean(runs.map((r) => r.secondsPerEvaluation)).toFixed(3).padStart(8)].join(' '));
      if (fn.fails) console.log(`  ${sname}: ${failureShare(runs)}`);
      if (curves) console.log(`  ${sname}: pruned ${((100 * runs.reduce((s, r) => s + r.pruned, 0)) / (runs.length * flags.budget)).toFixed(1)}% of the runs; training steps per study ${mean(runs.map((r) => r.steps)).toFixed(0)} of ${flags.budget * flags.steps}`);
    }
  }
  console.log(`\nall strategies: median log10 regret at ${flags.budget} evaluations, average rank over the functions\n${rankTable(finalMedians, flags.functions)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { writeFileSync } from 'node:fs';
import { benchFlags } from './flags';
import { MO_BENCH_PROBLEMS, moBenchProblem } from './problems';
import { measureAskLatency, type AskLatency } from './mo/latency';
import { checkpointsFor, runMoBenchmark } from './mo/run';
import { problemTable } from './mo/table';
import { targetLines } from './mo/targets';

/**
 * Multi-objective and constrained benchmark (issue 13): every sampler on every problem of
 * bench/problems, in-process through the sampler registry; prints per problem the median, mean and
 * worst-seed log10 hypervolume gap (Pareto problems) or log10 regret of the best feasible value
 * (constrained single-objective ones) at 20, 40, 60 and 100 evaluations, the share of feasible
 * suggestions after the initial design and ms per ask; then the gp's ask latency at 200 trials
 * with 2 objectives and 1 constraint, and one line per target of the issue, met or missed.
 * Flags in USAGE.
 */
const USAGE = `npm run bench:mo [-- flags]: multi-objective and constrained benchmark.
  --problems a,b      problems of bench/problems (all)
  --samplers a,b      registry types (gp,genetic,tpe,random)
  --seeds S           N (seeds 0..N-1), a list 0,3,5 or a range 2-5 (8)
  --budget N          evaluations per run (100)
  --deadline-ms N     the server's ask deadline (2000); raise it on a loaded machine
  --latency-trials N  trials before the gp latency measurement (200; 0 skips it; gp only)
  --json FILE         also write every figure as JSON`;

interface Flags {
  problems: string[];
  samplers: string[];
  seeds: number[];
  budget: number;
  deadlineMs: number;
  latencyTrials: number;
  json: string | undefined;
}

/** Seeds from `N` (0..N-1), `a,b,c` or `a-b`. */
function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  if (text.includes(',')) return text.split(',').map(Number);
  return Array.from({ length: Number(text) }, (_, i) => i);
}

function parseFlags(argv: string[]): Flags {
  const flags = benchFlags(USAGE, { problems: null, samplers: 'gp,genetic,tpe,random', seeds: '8', budget: '100', 'deadline-ms': '2000', 'latency-trials': '200', json: null }, argv);
  return {
    problems: (flags.problems ?? MO_BENCH_PROBLEMS.map((p) => p.name).join(',')).split(','),
    samplers: flags.samplers.split(','),
    seeds: parseSeeds(flags.seeds),
    budget: Number(flags.budget),
    deadlineMs: Number(flags['deadline-ms']),
    latencyTrials: Number(flags['latency-trials']),
    json: flags.json,
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const problems = flags.problems.map(moBenchProblem);
  console.log(`bench:mo: ${flags.samplers.join(', ')} on ${flags.problems.length} problems, seeds ${flags.seeds.join(',')}, ${flags.budget} evaluations, ask deadline ${flags.deadlineMs} ms`);
  console.log('figures: log10 of the hypervolume gap (true HV minus the HV of the feasible points, against the reference) or of the regret of the best feasible value; median / mean / worst seed');
  const report = await runMoBenchmark({ ...flags, problems }, (summary) => console.log(`\n${problemTable(summary, checkpointsFor(flags.budget)).join('\n')}`));
  let latency: AskLatency | null = null;
  if (flags.samplers.includes('gp') && flags.latencyTrials > 0) {
    latency = await measureAskLatency('gp', flags.latencyTrials);
    console.log(`\ngp ask latency at ${latency.trials} trials (BNH, 2 objectives, 1 constraint): median ${latency.medianMs.toFixed(0)} ms, mean ${latency.meanMs.toFixed(0)} ms; asks ${latency.asksMs.map((ms) => ms.toFixed(0)).join(', ')} ms${latency.fallbacks.length ? `; fallbacks: ${latency.fallbacks.join(' | ')}` : ''}`);
  }
  console.log(`\ntargets (issue 13):\n${targetLines(report, latency).join('\n')}`);
  if (flags.json) writeFileSync(flags.json, `${JSON.stringify({ ...report, latency }, (_, v: unknown) => (v === Infinity ? 'Infinity' : v), 1)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { Rng } from '../src/core/rng';
import { sampleParams } from '../src/core/space';
import { gpFitCache } from '../src/samplers/gp/model-cache';
import { gpFactory } from '../src/samplers/gp/gp-sampler';
import type { ObservedTrial, SamplerInput } from '../src/samplers/sampler';
import { startServer } from '../src/main';
import { resolveConfig } from '../src/infra/config';
import { benchFlags } from './flags';
import { benchmarkFunction } from './functions';
import { median } from '../src/pruners/median';

/**
 * Ask latency (issue 3): seconds for one ask after n = 50, 200, 500, 1000 told trials (random
 * points) on Hartmann6, for gp-ei and gp-ts; cold (empty model cache), warm (the next ask, after
 * telling the first one's point) and steady (the median of the STEADY_ASKS asks after it, each
 * after telling the one before: a long-running sampler, its code compiled).
 * NOTE: the warm ask runs code paths for the first time (the factor's extension, the search on a
 * cached fit), so it includes their compilation: at n = 1,000 over HTTP, 0.12 s warm against
 * 35-77 ms for the ten asks after it (2026-12-02); every second one also tests for a converged
 * basin (mayLeaveBasin in gp-sampler.ts). In-process through the Sampler interface, then over HTTP
 * against the real server (in-memory storage, loopback); flags in USAGE. NOTE: the in-process
 * repeats reuse this process's already compiled code, while every HTTP run starts a fresh sampler
 * worker thread. Each figure is wall seconds and, in
 * brackets, CPU seconds of this process (user + system, so a worker thread's and the JIT's
 * background threads' too): on a shared machine the CPU figure is what the ask costs, the wall
 * figure what a client waited.
 */
const USAGE = `npm run bench:latency [-- flags]: gp ask latency on Hartmann6 after n told trials, cold and warm.
  --sizes a,b    history sizes n (50,200,500,1000)
  --http false   in-process only (default: also over HTTP)
  --repeat N     runs of each case, each from a fresh sampler or server; prints the medians (1)`;

const fn = benchmarkFunction('hartmann6');

function history(n: number, seed: number): ObservedTrial[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const params = sampleParams(fn.space, rng);
    return { number: i, params, loss: fn.evaluate(params) };
  });
}

/** Asks after the warm one whose median is the steady figure. */
const STEADY_ASKS = 8;

/** The timings of one case: the cold ask, the warm one, and the median of the steady ones. */
interface CaseTimings {
  cold: Timing;
  warm: Timing;
  steady: Timing;
}

/** Wall and CPU seconds of one awaited call. */
interface Timing {
  wall: number;
  cpu: number;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; timing: Timing }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await run();
  const c = process.cpuUsage(c0);
  return { value, timing: { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 } };
}

async function inProcess(acquisition: string, n: number): Promise<CaseTimings> {
  const sampler = gpFactory.create(gpFactory.normalize({ acquisition }, fn.space), fn.space);
  const completed = history(n, n);
  const input = (): SamplerInput => ({
    space: fn.space, completed, pruned: [], pending: [], count: 1, trialCount: completed.length, seed: completed.length, studySeed: 7,
    budget: { deadlineMs: 60000, now: () => performance.now() },
  });
  gpFitCache.clear();
  const cold = await timed(() => sampler.suggest(input()));
  const asked = [cold];
  for (let k = 0; k <= STEADY_ASKS; k++) {
    const { params } = (asked[asked.length - 1] as typeof cold).value[0]!;
    completed.push({ number: completed.length, params, loss: fn.evaluate(params) });
    asked.push(await timed(() => sampler.suggest(input())));
  }
  return caseTimings(asked.map((a) => a.timing));
}

async function overHttp(acquisition: string, n: number): Promise<CaseTimings> {
  const server = await startServer(resolveConfig({ host: '127.0.0.1', port: 0, db: ':memory:', askDeadline: 60, logLevel: 'silent' }, {}));
  try {
    const study = await server.service.createStudy({ name: `latency-${acquisition}-${n}`, space: fn.space, sampler: { type: 'gp', acquisition, seed: 7 } });
    for (const t of history(n, n)) await server.service.addTrial(study.id, { params: t.params, value: t.loss });
    const ask = (): Promise<{ value: { id: string; params: Record<string, number> }; timing: Timing }> =>
      timed(async () => {
        const res = await fetch(`${server.url}/api/v1/studies/${study.id}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        const body = (await res.json()) as { trials: { id: string; params: Record<string, number> }[] };
        return body.trials[0]!;
      });
    gpFitCache.clear();
    const asked = [await ask()];
    for (let k = 0; k <= STEADY_ASKS; k++) {
      const { id, params } = (asked[asked.length - 1] as Awaited<ReturnType<typeof ask>>).value;
      await fetch(`${server.url}/api/v1/studies/${study.id}/trials/${id}/tell`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: fn.evaluate(params) }) });
      asked.push(await ask());
    }
    return caseTimings(asked.map((a) => a.timing));
  } finally {
    await server.close();
  }
}

/** The median wall and the median CPU seconds of some timings. */
function medianTiming(timings: readonly Timing[]): Timing {
  return { wall: median(timings.map((t) => t.wall)), cpu: median(timings.map((t) => t.cpu)) };
}

/** A case's timings from its asks in order: cold, warm, then the steady ones. */
function caseTimings([cold, warm, ...steady]: Timing[]): CaseTimings {
  return { cold: cold as Timing, warm: warm as Timing, steady: medianTiming(steady) };
}

/** The medians of each figure over several runs of one case. */
async function medianOf(repeat: number, run: () => Promise<CaseTimings>): Promise<CaseTimings> {
  const runs: CaseTimings[] = [];
  for (let r = 0; r < repeat; r++) runs.push(await run());
  return { cold: medianTiming(runs.map((r) => r.cold)), warm: medianTiming(runs.map((r) => r.warm)), steady: medianTiming(runs.map((r) => r.steady)) };
}

async function main(): Promise<void> {
  const flags = benchFlags(USAGE, { sizes: '50,200,500,1000', http: 'true', repeat: '1' });
  const sizes = flags.sizes.split(',').map(Number);
  const http = flags.http !== 'false';
  const repeat = Math.max(1, Number(flags.repeat));
  console.log(`ask latency on Hartmann6, seconds (cold = empty model cache, warm = next ask, steady = median of the ${STEADY_ASKS} after it)${repeat > 1 ? `; medians of ${repeat} runs` : ''}`);
  console.log(['mode'.padEnd(12), 'acq'.padEnd(4), 'n'.padStart(6), 'cold wall [cpu]'.padStart(17), 'warm wall [cpu]'.padStart(17), 'steady wall [cpu]'.padStart(17)].join(' '));
  const cell = (t: Timing): string => `${t.wall.toFixed(3)} [${t.cpu.toFixed(3)}]`.padStart(17);
  for (const mode of http ? ['in-process', 'http'] : ['in-process']) {
    for (const acquisition of ['ei', 'ts']) {
      for (const n of sizes) {
        const r = await medianOf(repeat, () => (mode === 'http' ? overHttp(acquisition, n) : inProcess(acquisition, n)));
        console.log([mode.padEnd(12), acquisition.padEnd(4), String(n).padStart(6), cell(r.cold), cell(r.warm), cell(r.steady)].join(' '));
      }
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

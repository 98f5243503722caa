import { join } from 'node:path';
import type { SearchSpace } from '../../src/domain/space';
import { median } from '../../src/pruners/median';
import { benchmarkFunction } from '../functions';
import { asyncWorkersRegret } from './async-workers';
import { logRegret, runOptimization, type RunResult } from '../harness';
import { BENCH_STRATEGIES } from '../strategies';
import { quantile } from './drive';
import { JsonClient } from './http-json';
import { createGpStudy, describeStudyRun, probeHealthz, runWorkers, type StudyRun } from './model-load';
import { populate } from './populate';
import { BENCH_POSTGRES, benchPostgresAdmin, startBenchServer, type BenchServer } from './server-process';

type Flag = (name: string, fallback: string) => string;

/**
 * The seeds of a phase's regret comparison: `--regret-seeds` (a comma list), else `fallback`.
 * NOTE: each phase's default is as many seeds as its cost allows, because a regret distribution
 * here is bimodal (a run polishes the global optimum or stays at a local one), so the median of 4
 * seeds moved by 0.9 from one run of the same code to the next (32 workers over HTTP, seeds 0-3).
 */
function regretSeeds(flag: Flag, fallback: string): number[] {
  const text = flag('regret-seeds', fallback);
  const seeds = text.split(',').map(Number);
  if (seeds.some((s) => !Number.isSafeInteger(s) || s < 0)) throw new Error(`--regret-seeds must be a comma list of integers >= 0, got "${text}"`);
  return seeds;
}

/** The GP acquisition of the phases' studies: `--acquisition` ei (default), ts or ucb. */
function acquisition(flag: Flag): string {
  const text = flag('acquisition', 'ei');
  if (!['ei', 'ts', 'ucb'].includes(text)) throw new Error(`--acquisition must be ei, ts or ucb, got "${text}"`);
  return text;
}

/** A count flag: an integer >= 1, else `fallback`; anything else is an error naming the flag. */
function countFlag(flag: Flag, name: string, fallback: string): number {
  const text = flag(name, fallback);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be an integer >= 1, got "${text}"`);
  return n;
}

async function withServer<T>(db: string, body: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startBenchServer(db);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

/** The server's count of models built by sampler jobs (baytune_model_fits_total, all samplers). */
async function modelBuilds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(/^baytune_model_fits_total(?:\{[^}]*\})? (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * Issue 11's first figures: one gp-ei study on Hartmann6 with `--gp-workers` (32) workers, each
 * evaluation sleeping 50 ms, up to `--gp-trials` (1,000) trials for the first seed (latencies,
 * model share, /healthz p99), and 300 for the others; regret at 300 against one sequential worker.
 */
async function manyWorkersOneStudy(dir: string, flag: Flag): Promise<void> {
  const fn = benchmarkFunction('hartmann6');
  const workers = Number(flag('gp-workers', '32'));
  const trials = Number(flag('gp-trials', '1000'));
  const seeds = regretSeeds(flag, '0,1,2,3,4,5,6,7');
  const regretAt = Math.min(300, trials);
  const parallel: number[] = [];
  const sequential: number[] = [];
  for (const [i, seed] of seeds.entries()) {
    await withServer(join(dir, `gp-many-${seed}.db`), async (server) => {
      const client = new JsonClient(server.url);
      const id = await createGpStudy(client, fn, seed, 'many', acquisition(flag));
      const probe = probeHealthz(server.url);
      const [cpu0, builds0] = [server.cpuSeconds(), await modelBuilds(server.url)];
      const run = await runWorkers([client], id, fn, { workers, trials: i === 0 ? trials : regretAt, sleepMs: 50, regretAt });
      const [cpu, builds] = [server.cpuSeconds() - cpu0, (await modelBuilds(server.url)) - builds0];
      const healthz = await probe.stop();
      console.log(describeStudyRun(`gp-${acquisition(flag)}, ${workers} workers, ${run.trials} trials, seed ${seed}`, run, healthz, regretAt));
      console.log(`${''.padEnd(34)} server CPU ${cpu.toFixed(1)} s, ${builds} sampler rounds with a new history: ${((1000 * cpu) / Math.max(1, builds)).toFixed(0)} ms CPU a round`);
      parallel.push(run.log10RegretAt);
      const seqId = await createGpStudy(client, fn, seed, 'sequential', acquisition(flag));
      sequential.push((await runWorkers([client], seqId, fn, { workers: 1, trials: regretAt, sleepMs: 0, regretAt })).log10RegretAt);
      client.close();
    });
  }
  console.log(`log10 regret at ${regretAt}, seeds ${seeds.join(',')}: ${workers} workers median ${median(parallel).toFixed(2)} [${parallel.map((r) => r.toFixed(2)).join(' ')}], sequential median ${median(sequential).toFixed(2)} [${sequential.map((r) => r.toFixed(2)).join(' ')}] (target: within 0.5)`);
}

/** 8 gp studies x 8 workers at once on one server; per-study figures. */
async function manyStudies(dir: string, flag: Flag): Promise<void> {
  const fn = benchmarkFunction('hartmann6');
  const studies = Number(flag('studies', '8'));
  const trials = Number(flag('study-trials', '200'));
  await withServer(join(dir, 'gp-studies.db'), async (server) => {
    const client = new JsonClient(server.url);
    const ids = await Promise.all(Array.from({ length: studies }, (_, s) => createGpStudy(client, fn, s, `study-${s}`, acquisition(flag))));
    const probe = probeHealthz(server.url);
    const runs: StudyRun[] = await Promise.all(ids.map((id) => runWorkers([client], id, fn, { workers: 8, trials, sleepMs: 50, regretAt: trials })));
    const healthz = await probe.stop();
    runs.forEach((run, s) => console.log(describeStudyRun(`${studies} studies x 8 workers: study ${s}`, run, null, trials)));
    console.log(`${studies} studies x 8 workers, ${trials} trials each: /healthz p99 ${quantile(healthz, 0.99).toFixed(1)} ms over ${healthz.length} probes (target <= 50)`);
    client.close();
  });
}

/** The gp-ei strategy of bench:regret, which the batches phase drives with asks of 8 points and of 1. */
const GP_EI = BENCH_STRATEGIES.find((s) => s.name === 'gp-ei') as (typeof BENCH_STRATEGIES)[number];

/**
 * q = 8 batches against sequential asks, in-process (runOptimization): median log10 regret at 64 evaluations, on
 * `--batch-functions`; on a function with a failure region also the share of model-guided points
 * that failed.
 */
async function batches(flag: Flag): Promise<void> {
  const seeds = regretSeeds(flag, '0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15');
  for (const name of flag('batch-functions', 'hartmann6,mixed_hartmann').split(',')) {
    const fn = benchmarkFunction(name);
    const run = async (seed: number, batch: number): Promise<RunResult> => runOptimization(GP_EI, fn, 64, seed, { deadlineMs: 60_000, batch });
    const batch: RunResult[] = [];
    const seq: RunResult[] = [];
    for (const seed of seeds) batch.push(await run(seed, 8));
    for (const seed of seeds) seq.push(await run(seed, 1));
    const final = (r: RunResult): number => logRegret(r.regret[63] as number);
    const regrets = (runs: RunResult[]): string => `${median(runs.map(final)).toFixed(2)} [${runs.map((r) => final(r).toFixed(2)).join(' ')}]`;
    const failures = (runs: RunResult[]): string => `${((100 * runs.reduce((s, r) => s + r.modelGuidedFailures, 0)) / Math.max(1, runs.reduce((s, r) => s + r.modelGuided, 0))).toFixed(1)}%`;
    console.log(`${`q = 8, 8 rounds, ${name}`.padEnd(34)} median log10 regret at 64: batches ${regrets(batch)}, sequential ${regrets(seq)} (target: within 0.5)`);
    if (fn.fails) console.log(`${''.padEnd(35)}model-guided points that failed: batches ${failures(batch)}, sequential ${failures(seq)}`);
  }
}

/**
 * 32 asynchronous workers against one sequential worker, in-process on a virtual clock (see
 * asyncWorkersRegret): log10 regret at 300 evaluations on each of `--simulated-functions`
 * (hartmann6), deterministic per seed; median, mean and worst over the seeds, and each seed's.
 */
async function simulatedWorkers(flag: Flag): Promise<void> {
  const seeds = regretSeeds(flag, '0,1,2,3,4,5,6,7');
  const workers = Number(flag('gp-workers', '32'));
  for (const name of flag('simulated-functions', 'hartmann6').split(',')) {
    const fn = benchmarkFunction(name);
    const parallel: number[] = [];
    const sequential: number[] = [];
    for (const seed of seeds) {
      parallel.push(await asyncWorkersRegret(fn, seed, workers, 300));
      sequential.push(await asyncWorkersRegret(fn, seed, 1, 300));
    }
    const summary = (rs: number[]): string => `median ${median(rs).toFixed(2)} mean ${(rs.reduce((a, b) => a + b, 0) / rs.length).toFixed(2)} worst ${Math.max(...rs).toFixed(2)} [${rs.map((r) => r.toFixed(2)).join(' ')}]`;
    console.log(`simulated ${workers} workers, ${name}, log10 regret at 300, seeds ${seeds.join(',')}: ${summary(parallel)}; sequential ${summary(sequential)} (target: medians within 0.5)`);
  }
}

/** Two dashboard tabs (GET /model with a contour every 10 s each) on a 1,000-trial, 20-parameter study. */
async function dashboardTabs(dir: string, flag: Flag): Promise<void> {
  const space = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }])) as SearchSpace;
  const db = join(dir, 'dashboard.db');
  const ids = await populate(db, [{ name: 'wide', space, sampler: { type: 'gp', seed: 1 }, trials: 1000 }]);
  const seconds = Number(flag('dashboard-seconds', '30'));
  await withServer(db, async (server) => {
    const client = new JsonClient(server.url);
    const probe = probeHealthz(server.url);
    const model: { ms: number; status: number }[] = [];
    const tab = async (offsetMs: number) => {
      await new Promise((r) => setTimeout(r, offsetMs));
      for (let t = offsetMs; t < seconds * 1000; t += 10_000) {
        const res = await client.send('GET', `/api/v1/studies/${ids.get('wide')}/model?x=p0&y=p1`);
        model.push({ ms: res.ms, status: res.status });
        await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - res.ms)));
      }
    };
    await Promise.all([tab(0), tab(5000)]);
    const healthz = await probe.stop();
    const statuses = model.map((m) => m.status).join(',');
    console.log(`${'2 dashboard tabs, 1,000 x 20 params'.padEnd(34)} /healthz p99 ${quantile(healthz, 0.99).toFixed(1)} ms over ${healthz.length} probes (target <= 50); GET /model ${model.map((m) => m.ms.toFixed(0)).join('/')} ms, statuses ${statuses}`);
    client.close();
  });
}

/**
 * Replicas of the service on one PostgreSQL database sharing one gp-ei study (Hartmann6):
 * `--replica-workers` (16) workers, worker w talking to replica w mod `--replicas` (2), each
 * evaluation sleeping 50 ms, `--replica-trials` (200) trials per seed of `--regret-seeds`. Prints
 * errors, configurations handed out twice, the model's share, ask latencies, the regret at the
 * last trial and each replica's CPU seconds; fails when a configuration was handed out twice (as
 * the random phases do). Each seed runs in a fresh schema, dropped afterwards; skipped with
 * `--postgres skip` or when the database is unreachable.
 */
async function replicas(flag: Flag): Promise<void> {
  const admin = await benchPostgresAdmin('replicas phase', flag('postgres', 'auto') === 'skip');
  if (!admin) return;
  const fn = benchmarkFunction('hartmann6');
  const count = countFlag(flag, 'replicas', '2');
  const workers = countFlag(flag, 'replica-workers', '16');
  const trials = countFlag(flag, 'replica-trials', '200');
  const seeds = regretSeeds(flag, '0,1,2,3');
  try {
    for (const seed of seeds) {
      const schema = `bt_bench_replicas_${process.pid}_${seed}`;
      const db = `${BENCH_POSTGRES}?schema=${schema}`;
      const servers: BenchServer[] = [];
      const clients: JsonClient[] = [];
      try {
        // The first replica creates the schema; the others open it.
        servers.push(await startBenchServer(db));
        servers.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startBenchServer(db)))));
        clients.push(...servers.map((s) => new JsonClient(s.url)));
        const id = await createGpStudy(clients[0] as JsonClient, fn, seed, 'replicas', acquisition(flag));
        const cpu0 = servers.map((s) => s.cpuSeconds());
        const run = await runWorkers(clients, id, fn, { workers, trials, sleepMs: 50, regretAt: trials });
        const cpu = servers.map((s, i) => s.cpuSeconds() - (cpu0[i] as number));
        console.log(describeStudyRun(`gp-${acquisition(flag)}, ${count} replicas, ${workers} workers, seed ${seed}`, run, null, trials));
        console.log(`${''.padEnd(34)} server CPU ${cpu.reduce((a, b) => a + b, 0).toFixed(1)} s (replicas: ${cpu.map((c) => c.toFixed(1)).join(' / ')} s)`);
        if (run.repeats > 0) throw new Error(`replicas, seed ${seed}: ${run.repeats} asks got a configuration already handed out`);
      } finally {
        clients.forEach((c) => c.close());
        await Promise.all(servers.map((s) => s.stop()));
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    }
  } finally {
    await admin.end();
  }
}

/** The model-based phases of bench:load (issue 11); `--model-phases many,studies,batches,simulated,dashboard,replicas` picks some. */
export async function modelPhases(dir: string, flag: Flag): Promise<void> {
  const pick = flag('model-phases', 'many,studies,batches,simulated,dashboard,replicas').split(',');
  if (pick.includes('replicas')) await replicas(flag);
  if (pick.includes('dashboard')) await dashboardTabs(dir, flag);
  if (pick.includes('studies')) await manyStudies(dir, flag);
  if (pick.includes('batches')) await batches(flag);
  if (pick.includes('simulated')) await simulatedWorkers(flag);
  if (pick.includes('many')) await manyWorkersOneStudy(dir, flag);
}

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, driveAskTell } from './load/drive';
import { JsonClient } from './load/http-json';
import { BENCH_SPACE, populate } from './load/populate';
import { BENCH_POSTGRES, benchPostgresAdmin, postgresCpuSeconds, startBenchServer, type BenchServer } from './load/server-process';
import { describeStream, checkStreaming } from './load/stream-check';
import { modelPhases } from './load/model-phases';
import { benchFlags } from './flags';

/**
 * Load benchmark (issue 6), `npm run bench:load [-- --pairs 4000 --seconds 20 --postgres skip
 * --phases random --cpu-prof <dir>]`:
 * ask+tell pairs/s and ask/tell p50/p99 with 32 concurrent keep-alive HTTP clients for the random
 * sampler on SQLite, on one PostgreSQL server and on 3 replicas sharing it, and for the GP sampler
 * on a study with 200 trials; the server's resident memory with 50 studies x 2,000 trials; and
 * whether exporting a 10,000-trial study streams. Real server processes on loopback; PostgreSQL is
 * the shared one at 127.0.0.1:5432 (database `test`), in a fresh schema dropped afterwards.
 * Targets: >= 1,000 pairs/s on SQLite, >= 500 on PostgreSQL, no errors, RSS < 300 MB. Each random
 * phase also prints the server's CPU milliseconds per pair (and, on PostgreSQL, the database
 * processes'), figures that depend much less on other load on the machine than pairs/s.
 */
const WORKERS = 32;

const USAGE = `npm run bench:load [-- flags]: the load benchmark (issues 6 and 11).
  --pairs N               ask+tell pairs per random phase (4000)
  --seconds N             time limit per random phase (20)
  --phases P              all, random (the random-sampler phases) or model (the model-based ones)
  --postgres skip         skip the PostgreSQL phases (default auto)
  --cpu-prof DIR          each server process writes a V8 CPU profile there when it stops
  --model-phases a,b      of many,studies,batches,simulated,dashboard,replicas (all)
  --acquisition A         the GP studies' acquisition: ei, ts or ucb (ei)
  --gp-workers N          workers on the one GP study (32)
  --gp-trials N           trials of the one GP study (1000)
  --regret-seeds a,b      seeds of the regret comparisons (0-7 for many and simulated, 0-15 for batches, 0-3 for replicas)
  --batch-functions a,b   functions of the batches phase (hartmann6,mixed_hartmann); one with a failure
                          region (branin_fail, hartmann6_fail) also reports its failed points
  --simulated-functions a,b  functions of the simulated phase (hartmann6)
  --studies N             GP studies at once (8)
  --study-trials N        trials per study of that phase (200)
  --dashboard-seconds N   duration of the dashboard phase (30)
  --replicas N            servers sharing one GP study on PostgreSQL (2)
  --replica-workers N     workers of that study, spread over the replicas (16)
  --replica-trials N      trials of that study per seed (200)`;

/** The flags (see USAGE); model-phases.ts reads its own through `flag` with their defaults. */
const FLAGS = benchFlags(USAGE, {
  pairs: '4000', seconds: '20', phases: 'all', postgres: 'auto', 'cpu-prof': '', 'model-phases': null, acquisition: null, 'gp-workers': null,
  'gp-trials': null, 'regret-seeds': null, studies: null, 'study-trials': null, 'dashboard-seconds': null,
  replicas: null, 'replica-workers': null, 'replica-trials': null, 'batch-functions': null, 'simulated-functions': null,
});

/** A flag's value, or `fallback` when it was not given. */
function flag(name: string, fallback: string): string {
  const value = (FLAGS as Readonly<Record<string, string | undefined>>)[name];
  return typeof value === 'string' ? value : fallback;
}

const PAIRS = Number(flag('pairs', '4000'));
const SECONDS = Number(flag('seconds', '20'));
/** `--phases random` runs only the random-sampler phases (SQLite, PostgreSQL), `--phases model` only the model-based ones; default all. */
const PHASES = flag('phases', 'all');
/** `--cpu-prof <dir>`: each server process writes a V8 CPU profile there when it stops. */
const PROFILE_DIR = flag('cpu-prof', '');
const NODE_ARGS = PROFILE_DIR === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`];

async function randomLoad(label: string, servers: BenchServer[]): Promise<void> {
  const clients = servers.map((s) => new JsonClient(s.url));
  const created = await clients[0]?.send('POST', '/api/v1/studies', { name: `load-${Date.now()}`, direction: 'minimize', space: BENCH_SPACE, sampler: { type: 'random' } });
  if (created?.status !== 201) throw new Error(`create study: ${JSON.stringify(created?.body)}`);
  await driveAskTell(clients, created.body.id, WORKERS, 64, 10);
  const cpuBefore = servers.reduce((s, p) => s + p.cpuSeconds(), 0);
  const postgresBefore = postgresCpuSeconds();
  const run = await driveAskTell(clients, created.body.id, WORKERS, PAIRS, SECONDS);
  const cpu = servers.reduce((s, p) => s + p.cpuSeconds(), 0) - cpuBefore;
  const postgres = label.includes('PostgreSQL') ? `  postgres processes CPU ${(1000 * (postgresCpuSeconds() - postgresBefore) / Math.max(1, run.pairs)).toFixed(2)} ms/pair` : '';
  console.log(describeRun(label, run, cpu) + postgres);
  clients.forEach((c) => c.close());
  // P2: concurrent asks on any replica get distinct points.
  if (run.repeated > 0) throw new Error(`${label}: ${run.repeated} asks got a configuration already handed out`);
}

/** The loopback ceiling on this machine: GET /healthz (no storage, no body) with the same 32 clients. */
async function healthzCeiling(server: BenchServer): Promise<void> {
  const client = new JsonClient(server.url);
  const requests = 2 * Math.min(PAIRS, 3000);
  let sent = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, async () => {
    while (sent < requests) {
      sent += 1;
      await client.send('GET', '/healthz');
    }
  }));
  const rate = requests / ((performance.now() - started) / 1000);
  console.log(`${'ceiling: GET /healthz, same clients'.padEnd(34)} ${rate.toFixed(0).padStart(6)} requests/s = at most ${(rate / 2).toFixed(0)} pairs/s if ask and tell cost nothing`);
  client.close();
}

async function withServers(db: string, count: number, body: (servers: BenchServer[]) => Promise<void>): Promise<void> {
  const servers = await Promise.all(Array.from({ length: count }, () => startBenchServer(db, {}, NODE_ARGS)));
  try {
    await body(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function postgresPhases(): Promise<void> {
  const admin = await benchPostgresAdmin('PostgreSQL phases', flag('postgres', 'auto') === 'skip');
  if (!admin) return;
  const schema = `bt_bench_${process.pid}`;
  try {
    await withServers(`${BENCH_POSTGRES}?schema=${schema}`, 1, (s) => randomLoad('random, PostgreSQL, 1 server', s));
    await withServers(`${BENCH_POSTGRES}?schema=${schema}`, 3, (s) => randomLoad('random, PostgreSQL, 3 replicas', s));
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

async function gpLoad(dir: string): Promise<void> {
  const db = join(dir, 'gp.db');
  const ids = await populate(db, [{ name: 'gp-200', sampler: { type: 'gp', seed: 1 }, trials: 200 }]);
  await withServers(db, 1, async ([server]) => {
    const client = new JsonClient((server as BenchServer).url);
    const run = await driveAskTell([client], ids.get('gp-200') as string, WORKERS, Math.min(PAIRS, 320), SECONDS * 3);
    console.log(describeRun('gp (log-EI), SQLite, from 200 trials', run, undefined));
    client.close();
  });
}

/** Walks every page of every study and runs a few asks in each, then reports RSS; then the export checks. */
async function memoryAndStreaming(dir: string): Promise<void> {
  const db = join(dir, 'big.db');
  // Every tenth study uses a model-based sampler, so the sampler worker thread is part of the RSS.
  const fills = Array.from({ length: 50 }, (_, i) => ({ name: `study-${i}`, sampler: { type: i % 10 === 0 ? (i % 20 === 0 ? 'gp' : 'tpe') : 'random' }, trials: 2000 }));
  const ids = await populate(db, [...fills, { name: 'export-10k', sampler: { type: 'random' }, trials: 10_000 }]);
  await withServers(db, 1, async ([server]) => {
    const s = server as BenchServer;
    const client = new JsonClient(s.url);
    const idle = s.rssMb();
    for (const name of fills.map((f) => f.name)) {
      const id = ids.get(name) as string;
      await client.send('GET', `/api/v1/studies/${id}`);
      let cursor: string | null = null;
      for (let page = 0; page < 10 && (page === 0 || cursor !== null); page++) {
        const res = await client.send('GET', `/api/v1/studies/${id}/trials?limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`);
        cursor = res.body.next_cursor as string | null;
      }
      await driveAskTell([client], id, 4, 8, 10);
    }
    await client.send('GET', '/api/v1/studies');
    console.log(`RSS, 50 studies x 2,000 trials         idle ${idle.toFixed(0)} MB, after paging all and asking in each ${s.rssMb().toFixed(0)} MB, peak ${s.peakRssMb().toFixed(0)} MB (target < 300 MB)`);
    const exportId = ids.get('export-10k') as string;
    console.log(describeStream('export 10,000 trials as csv', await checkStreaming(s, `/api/v1/studies/${exportId}/export?format=csv`)));
    console.log(describeStream('export 10,000 trials as json', await checkStreaming(s, `/api/v1/studies/${exportId}/export?format=json`)));
    console.log(describeStream('list 10,000 trials in one page', await checkStreaming(s, `/api/v1/studies/${exportId}/trials?limit=10000`)));
    console.log(`peak RSS after the exports            ${s.peakRssMb().toFixed(0)} MB`);
    client.close();
  });
}

async function main(): Promise<void> {
  console.log(`baytune load benchmark: ${WORKERS} concurrent clients, up to ${PAIRS} pairs or ${SECONDS} s per phase; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'baytune-bench-load-'));
  try {
    if (PHASES === 'model') return await modelPhases(dir, flag);
    await withServers(join(dir, 'random.db'), 1, async (s) => {
      await healthzCeiling(s[0] as BenchServer);
      await randomLoad('random, SQLite, 1 server', s);
    });
    await postgresPhases();
    if (PHASES === 'random') return;
    await gpLoad(dir);
    await memoryAndStreaming(dir);
    await modelPhases(dir, flag);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

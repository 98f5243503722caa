/**
 * Storage-level throughput: 32 concurrent in-process clients each doing commitAsk (one fresh
 * RUNNING trial) then finishTrial (COMPLETE) on one study, straight on the storage port (no HTTP,
 * no sampler). Prints ask+tell pairs per second and p50 / p99 pair latency. It measures the
 * storage's share of the service's budget; bench/load measures the whole service.
 *
 *   npm run build && node dist/bench/storage-throughput.js <location> [pairs] [clients]
 *   location: a SQLite file path, postgres://...?schema=name, or :memory:
 */
import { openStorage } from '../src/storage/open-storage';
import { askedTrials, type Storage } from '../src/storage/port';

interface Run {
  pairs: number;
  seconds: number;
  latenciesMs: number[];
}

const percentile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

/** One client: ask then tell until the shared quota of pairs is used up. */
async function client(storage: Storage, studyId: string, quota: { left: number }, latenciesMs: number[]): Promise<void> {
  while (quota.left > 0) {
    quota.left -= 1;
    const started = performance.now();
    const now = Date.now();
    const x = (quota.left % 997) / 997;
    const trials = askedTrials(await storage.commitAsk(studyId, { client_id: null, request_key: null, count: 1, now, lease_expires_at: now + 60_000 },
      [{ state: 'RUNNING', params: { x, optimizer: 'adam' } }]));
    for (const trial of trials) {
      await storage.finishTrial(studyId, trial.id, { state: 'COMPLETE', value: x * x, fail_reason: null, now: Date.now() });
    }
    latenciesMs.push(performance.now() - started);
  }
}

/** Runs `pairs` ask+tell pairs with `clients` concurrent clients on a fresh study, then deletes it. */
async function measure(storage: Storage, pairs: number, clients: number): Promise<Run> {
  const study = await storage.createStudy({
    name: `storage-throughput-${process.pid}-${Date.now()}`, direction: 'minimize',
    space: { x: { type: 'float', low: 0, high: 1 }, optimizer: { type: 'categorical', choices: ['adam', 'sgd'] } },
    sampler: { type: 'random' }, pruner: { type: 'none' }, user_attrs: {}, lease_seconds: 60, max_retry: 0,
  }, Date.now());
  const quota = { left: pairs };
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, () => client(storage, study.id, quota, latenciesMs)));
  const seconds = (performance.now() - started) / 1000;
  await storage.deleteStudy(study.id);
  return { pairs, seconds, latenciesMs: latenciesMs.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const [location, pairsArg, clientsArg] = process.argv.slice(2);
  if (location === undefined) throw new Error('usage: storage-throughput <location> [pairs] [clients]');
  const storage = await openStorage(location);
  try {
    const run = await measure(storage, Number(pairsArg ?? 2000), Number(clientsArg ?? 32));
    const where = location.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');
    console.log(`${where}: ${run.pairs} ask+tell pairs in ${run.seconds.toFixed(2)} s = ${(run.pairs / run.seconds).toFixed(0)} pairs/s; `
      + `pair latency p50 ${percentile(run.latenciesMs, 0.5).toFixed(1)} ms, p99 ${percentile(run.latenciesMs, 0.99).toFixed(1)} ms`);
  } finally {
    await storage.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

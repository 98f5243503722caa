import type { JsonClient } from './http-json';

/** What one load phase measured. Latencies are milliseconds as the client saw them. */
export interface PairRun {
  pairs: number;
  seconds: number;
  /** Answers that were not 2xx, by status (0: the connection failed). */
  errors: Record<number, number>;
  askMs: number[];
  tellMs: number[];
  /** Asks answered with a configuration an earlier ask of the run already got (P2: must stay 0). */
  repeated: number;
}

/**
 * `workers` concurrent loops, each asking one trial and telling a value, spread round-robin over
 * `clients` (one per replica), until `pairs` pairs are done or `maxSeconds` have passed.
 */
export async function driveAskTell(clients: JsonClient[], studyId: string, workers: number, pairs: number, maxSeconds: number): Promise<PairRun> {
  const run: PairRun = { pairs: 0, seconds: 0, errors: {}, askMs: [], tellMs: [], repeated: 0 };
  const seen = new Set<string>();
  const fail = (status: number) => (run.errors[status] = (run.errors[status] ?? 0) + 1);
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  let issued = 0;
  const loop = async (w: number) => {
    const client = clients[w % clients.length] as JsonClient;
    while (issued < pairs && performance.now() < deadline) {
      issued += 1;
      const asked = await client.send('POST', `/api/v1/studies/${studyId}/ask`, { client_id: `bench-${w}` }).catch(() => null);
      if (asked?.status !== 200) {
        fail(asked?.status ?? 0);
        continue;
      }
      run.askMs.push(asked.ms);
      const trial = asked.body.trials[0] as { id: string; params: Record<string, number> };
      const key = configurationKey(trial.params);
      if (seen.has(key)) run.repeated += 1;
      seen.add(key);
      const value = Object.values(trial.params).reduce((s, v) => s + (typeof v === 'number' ? v * v : 1), 0);
      const told = await client.send('POST', `/api/v1/studies/${studyId}/trials/${trial.id}/tell`, { value }).catch(() => null);
      if (told?.status !== 200) {
        fail(told?.status ?? 0);
        continue;
      }
      run.tellMs.push(told.ms);
      run.pairs += 1;
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** A configuration as a text key: its parameters sorted by name, so equal configurations give equal keys. */
export function configurationKey(params: Readonly<Record<string, number | string | boolean>>): string {
  return JSON.stringify(Object.keys(params).sort().map((name) => [name, params[name]]));
}

/** The q-quantile (0..1) of samples by nearest rank; NaN when empty. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** One printable line: pairs/s, errors and the p50/p99 of ask and tell. */
export function describeRun(label: string, run: PairRun, cpuSeconds?: number): string {
  const rate = run.pairs / run.seconds;
  const fmt = (v: number) => v.toFixed(1).padStart(7);
  const cpu = cpuSeconds === undefined ? '' : `  server CPU ${(1000 * cpuSeconds / Math.max(1, run.pairs)).toFixed(2)} ms/pair`;
  const errors = Object.keys(run.errors).length === 0 ? 'none' : JSON.stringify(run.errors);
  return `${label.padEnd(34)} ${rate.toFixed(0).padStart(6)} pairs/s (${run.pairs} in ${run.seconds.toFixed(1)} s)  ask p50/p99 ${fmt(quantile(run.askMs, 0.5))}/${fmt(quantile(run.askMs, 0.99))} ms  tell p50/p99 ${fmt(quantile(run.tellMs, 0.5))}/${fmt(quantile(run.tellMs, 0.99))} ms  errors ${errors}  repeated params ${run.repeated}${cpu}`;
}

import type { BenchmarkFunction } from '../functions';
import { logRegret } from '../harness';
import { configurationKey, quantile } from './drive';
import { JsonClient } from './http-json';
import { SPARE_FALLBACK } from '../../src/service/ask-rounds';
import { isPlannedStart } from '../../src/samplers/sampler';

/** What one model-based study saw under concurrent workers. Latencies in milliseconds. */
export interface StudyRun {
  askMs: number[];
  /**
   * Asks after the initial design, and how many of them the model answered: every suggestion with
   * a prediction, except random points after a deadline (spare points of the round before count).
   */
  afterDesign: number;
  byModel: number;
  /** Asks after the initial design by their reason's `fallback` (absent: the model's full search). */
  fallbacks: Map<string, number>;
  errors: number;
  /** Trials handed out with a configuration an earlier trial of the study already had. */
  repeats: number;
  /** f(best) - f* of the first `regretAt` trials by number (log10). */
  log10RegretAt: number;
  trials: number;
}

/** A healthz prober: GET /healthz back to back (20 ms apart) until stopped; latencies in ms. */
export function probeHealthz(url: string): { stop: () => Promise<number[]> } {
  const client = new JsonClient(url);
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push((await client.send('GET', '/healthz')).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return { stop: async () => { running = false; await loop; client.close(); return samples; } };
}

/** Creates a gp study of `fn` (seeded) with `acquisition` ('ei', 'ts' or 'ucb') and returns its id. */
export async function createGpStudy(client: JsonClient, fn: BenchmarkFunction, seed: number, name: string, acquisition = 'ei'): Promise<string> {
  const res = await client.send('POST', '/api/v1/studies', { name, direction: 'minimize', space: fn.space, sampler: { type: 'gp', acquisition, seed } });
  if (res.status !== 201) throw new Error(`create study: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/**
 * `workers` loops of ask -> evaluate `fn` and sleep `sleepMs` (standing in for training) -> tell,
 * against one study, until it has `trials` trials. Worker w talks to `clients[w % clients.length]`
 * (several replicas of one service share the study). Regret is read at `regretAt` trials by number.
 */
export async function runWorkers(clients: readonly JsonClient[], studyId: string, fn: BenchmarkFunction, opts: { workers: number; trials: number; sleepMs: number; regretAt: number }): Promise<StudyRun> {
  const run: StudyRun = { askMs: [], afterDesign: 0, byModel: 0, fallbacks: new Map(), errors: 0, repeats: 0, log10RegretAt: NaN, trials: 0 };
  const values = new Map<number, number>();
  const seen = new Set<string>();
  let issued = 0;
  const loop = async (w: number) => {
    const client = clients[w % clients.length] as JsonClient;
    while (issued < opts.trials) {
      issued += 1;
      const asked = await client.send('POST', `/api/v1/studies/${studyId}/ask`, { client_id: `w${w}` });
      if (asked.status !== 200) {
        run.errors += 1;
        continue;
      }
      run.askMs.push(asked.ms);
      const trial = asked.body.trials[0] as { id: string; number: number; params: Record<string, number | string>; reason: { fallback?: string; detail?: string; predicted_mean?: number } };
      const key = configurationKey(trial.params);
      if (seen.has(key)) run.repeats += 1;
      seen.add(key);
      if (!isPlannedStart(trial.reason)) {
        run.afterDesign += 1;
        const why = trial.reason.fallback ?? 'none';
        run.fallbacks.set(why, (run.fallbacks.get(why) ?? 0) + 1);
        if (trial.reason.predicted_mean !== undefined && !trial.reason.fallback?.startsWith('deadline: the model')) run.byModel += 1;
      }
      const value = fn.evaluate(trial.params);
      await new Promise((r) => setTimeout(r, opts.sleepMs));
      const told = await client.send('POST', `/api/v1/studies/${studyId}/trials/${trial.id}/tell`, { value });
      if (told.status !== 200) run.errors += 1;
      values.set(trial.number, value);
    }
  };
  await Promise.all(Array.from({ length: opts.workers }, (_, w) => loop(w)));
  const first = [...values].filter(([n]) => n < opts.regretAt).map(([, v]) => v);
  run.log10RegretAt = logRegret(Math.min(...first) - fn.fStar);
  run.trials = values.size;
  return run;
}

/** One printable line per study run. */
export function describeStudyRun(label: string, run: StudyRun, healthzMs: number[] | null, regretAt: number): string {
  const share = (100 * run.byModel) / Math.max(1, run.afterDesign);
  const healthz = healthzMs ? `  /healthz p99 ${quantile(healthzMs, 0.99).toFixed(1)} ms (target <= 50)` : '';
  const reasons = [...run.fallbacks].sort((a, b) => b[1] - a[1]).map(([why, n]) => `${n} ${why}`).join(' | ');
  const spares = (100 * (run.fallbacks.get(SPARE_FALLBACK) ?? 0)) / Math.max(1, run.afterDesign);
  return `${label.padEnd(34)} model answered ${share.toFixed(1)}% of ${run.afterDesign} asks after the design (target >= 95%; ${spares.toFixed(1)}% by a spare of the round before)  ask p50/p99 ${quantile(run.askMs, 0.5).toFixed(0)}/${quantile(run.askMs, 0.99).toFixed(0)} ms (targets 100/1000)${healthz}  log10 regret at ${regretAt} ${run.log10RegretAt.toFixed(2)}  errors ${run.errors}  repeated configurations ${run.repeats}\n${''.padEnd(35)}fallbacks after the design: ${reasons}`;
}

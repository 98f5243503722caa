import { Rng } from '../src/core/rng';
import { sampleParams } from '../src/core/space';
import { gpFitCache } from '../src/samplers/gp/model-cache';
import { gpFactory } from '../src/samplers/gp/gp-sampler';
import type { ObservedTrial, SamplerInput } from '../src/samplers/sampler';
import { startServer } from '../src/main';
import { resolveConfig } from '../src/infra/config';
import { benchmarkFunction } from './functions';

/**
 * Ask latency (issue 3): seconds for one ask after n = 50, 200, 500, 1000 told trials (random
 * points) on Hartmann6, for gp-ei and gp-ts; cold (empty model cache) and warm (the next ask,
 * after telling the first one's point). In-process through the Sampler interface, then over HTTP
 * against the real server (in-memory storage, loopback). Flags: --sizes 50,200 --http false.
 */
const fn = benchmarkFunction('hartmann6');

function history(n: number, seed: number): ObservedTrial[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const params = sampleParams(fn.space, rng);
    return { number: i, params, loss: fn.evaluate(params) };
  });
}

async function inProcess(acquisition: string, n: number): Promise<{ cold: number; warm: number }> {
  const sampler = gpFactory.create(gpFactory.normalize({ acquisition }, fn.space), fn.space);
  const completed = history(n, n);
  const input = (): SamplerInput => ({
    space: fn.space, completed, pruned: [], pending: [], count: 1, trialCount: completed.length, seed: completed.length, studySeed: 7,
    budget: { deadlineMs: 60000, now: () => performance.now() },
  });
  gpFitCache.clear();
  let t0 = performance.now();
  const [first] = await sampler.suggest(input());
  const cold = (performance.now() - t0) / 1000;
  completed.push({ number: completed.length, params: first!.params, loss: fn.evaluate(first!.params) });
  t0 = performance.now();
  await sampler.suggest(input());
  return { cold, warm: (performance.now() - t0) / 1000 };
}

async function overHttp(acquisition: string, n: number): Promise<{ cold: number; warm: number }> {
  const server = await startServer(resolveConfig({ host: '127.0.0.1', port: 0, db: ':memory:', askDeadline: 60, logLevel: 'silent' }, {}));
  try {
    const study = await server.service.createStudy({ name: `latency-${acquisition}-${n}`, space: fn.space, sampler: { type: 'gp', acquisition, seed: 7 } });
    for (const t of history(n, n)) await server.service.addTrial(study.id, { params: t.params, value: t.loss });
    const ask = async (): Promise<{ seconds: number; trial: { id: string; params: Record<string, number> } }> => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/studies/${study.id}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const body = (await res.json()) as { trials: { id: string; params: Record<string, number> }[] };
      return { seconds: (performance.now() - t0) / 1000, trial: body.trials[0]! };
    };
    gpFitCache.clear();
    const first = await ask();
    await fetch(`${server.url}/api/v1/studies/${study.id}/trials/${first.trial.id}/tell`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: fn.evaluate(first.trial.params) }) });
    const second = await ask();
    return { cold: first.seconds, warm: second.seconds };
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (flag('sizes') ?? '50,200,500,1000').split(',').map(Number);
  const http = flag('http') !== 'false';
  console.log('ask latency on Hartmann6, seconds (cold = empty model cache, warm = next ask)');
  console.log(['mode'.padEnd(12), 'acq'.padEnd(4), 'n'.padStart(6), 'cold'.padStart(8), 'warm'.padStart(8)].join(' '));
  for (const mode of http ? ['in-process', 'http'] : ['in-process']) {
    for (const acquisition of ['ei', 'ts']) {
      for (const n of sizes) {
        const r = mode === 'http' ? await overHttp(acquisition, n) : await inProcess(acquisition, n);
        console.log([mode.padEnd(12), acquisition.padEnd(4), String(n).padStart(6), r.cold.toFixed(3).padStart(8), r.warm.toFixed(3).padStart(8)].join(' '));
      }
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

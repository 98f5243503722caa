import { Rng } from '../src/core/rng';
import { validateSpace } from '../src/core/space';
import type { ParamSpec, Params, SearchSpace } from '../src/domain/space';
import type { ObservedTrial } from '../src/samplers/sampler';
import { benchFlags } from './flags';
import { medianMeanWorst, seedRange } from './seed-flags';
import { BENCH_STRATEGIES } from './strategies';

/**
 * `node dist/bench/corners.js [--seeds 0-7] [--trials 80] [--workers 3] [--strategy gp-ei]`: issue 10's
 * corner check. A 4-parameter training-like study (log learning rate, dropout, integer layers,
 * categorical activation) run in-process with `workers` trials in flight (each ask sees the others
 * pending). Prints, per objective, the share of suggestions after trial 40 that sit on a corner of
 * two or more numeric parameters (each within 1% of its range of a bound; an integer at its end
 * value) and the median ratio of those suggestions' values to the best value found: median, mean and
 * worst seed.
 */

export const TRAINING_SPACE: SearchSpace = validateSpace({
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.8 },
  layers: { type: 'int', low: 1, high: 6 },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
});

/** Training-like losses over TRAINING_SPACE (all positive, worst values 10-30x the best fMin). */
export const TRAINING_LOSSES: { name: string; fMin: number; f: (p: Params) => number }[] = [
  {
    // a bowl in log lr with mild other terms (honest-predictions' test objective)
    name: 'bowl',
    fMin: 0.4,
    f: (p) => 0.3 + 2 * Math.log10((p.lr as number) / 3e-3) ** 2 + 4 * ((p.dropout as number) - 0.2) ** 2 + 0.1 * (p.layers as number) + (p.act === 'tanh' ? 0.5 : 0),
  },
  {
    // a validation loss: the good lr shrinks with depth, too large an lr diverges to a plateau (chance)
    name: 'diverging',
    fMin: 0.2,
    f: (p) => {
      const layers = p.layers as number;
      const best = (3e-3 / Math.sqrt(layers)) * (p.act === 'tanh' ? 0.5 : 1);
      const d = Math.log10((p.lr as number) / best);
      if (d > 1.3) return 2.3 + 0.1 * layers;
      return 0.2 + 0.35 * d * d + 1.5 * ((p.dropout as number) - 0.15 * Math.min(layers, 4) / 2) ** 2 + 0.04 * Math.abs(layers - 3) + (p.act === 'relu' ? 0 : 0.05);
    },
  },
  {
    // an interaction-heavy loss: dropout helps deep nets only; gelu wants a smaller lr
    name: 'interacting',
    fMin: 0.15,
    f: (p) => {
      const layers = p.layers as number;
      const lr0 = p.act === 'gelu' ? 1e-3 : 4e-3;
      const d = Math.log10((p.lr as number) / lr0);
      const drop = (p.dropout as number) - 0.08 * (layers - 1);
      return 0.15 + 0.8 * d * d + 0.6 * Math.abs(d) + 3 * drop * drop + 0.02 * (layers - 4) ** 2;
    },
  },
];

function atBound(spec: ParamSpec, value: unknown): boolean {
  if (spec.type === 'categorical' || typeof value !== 'number') return false;
  if (spec.type === 'int') return value === spec.low || value === spec.high;
  const [lo, hi, v] = spec.log ? [Math.log(spec.low), Math.log(spec.high), Math.log(value)] : [spec.low, spec.high, value];
  return (v - lo) / (hi - lo) <= 0.01 || (v - lo) / (hi - lo) >= 0.99;
}

/** True when two or more numeric parameters of params sit on a bound (see atBound). */
export function onCorner(space: SearchSpace, params: Params): boolean {
  return Object.entries(space).filter(([name, spec]) => atBound(spec, params[name])).length >= 2;
}

/** What one run leaves: the suggestions after `from` on a corner, and their values over the best. */
export interface CornerRun {
  share: number;
  ratios: number[];
  best: number;
}

/**
 * Runs `trials` trials of a sampler on `f` with `workers` in flight: every ask sees the other
 * workers' points as pending; the oldest pending point is told first. Counts corners after `from`.
 */
export async function cornerRun(strategy: string, f: (p: Params) => number, seed: number, trials = 80, workers = 3, from = 40): Promise<CornerRun> {
  const found = BENCH_STRATEGIES.find((s) => s.name === strategy);
  if (!found) throw new Error(`unknown strategy ${strategy}`);
  const { factory, options } = found;
  const sampler = factory.create(factory.normalize({ ...options }, TRAINING_SPACE), TRAINING_SPACE);
  const completed: ObservedTrial[] = [];
  const pending: { number: number; params: Params }[] = [];
  const studySeed = new Rng(seed).nextUint32();
  const late: Params[] = [];
  for (let i = 0; i < trials; i++) {
    if (pending.length >= workers) {
      const done = pending.shift() as { number: number; params: Params };
      completed.push({ number: done.number, params: done.params, loss: f(done.params) });
    }
    const [s] = await sampler.suggest({
      space: TRAINING_SPACE, completed: [...completed], pruned: [], failed: [], pending: pending.map((p) => p.params), count: 1, trialCount: i,
      seed: (studySeed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0, studySeed, budget: { deadlineMs: 600000, now: () => performance.now() },
    });
    if (!s) throw new Error(`${strategy} returned no suggestion`);
    pending.push({ number: i, params: s.params });
    if (i >= from) late.push(s.params);
  }
  for (const p of pending) completed.push({ number: p.number, params: p.params, loss: f(p.params) });
  const best = Math.min(...completed.map((t) => t.loss));
  const corners = late.filter((p) => onCorner(TRAINING_SPACE, p));
  return { share: corners.length / late.length, ratios: corners.map((p) => f(p) / best), best };
}

async function main(): Promise<void> {
  const flags = benchFlags('node dist/bench/corners.js [--seeds 0-7] [--trials 80] [--workers 3] [--strategy gp-ei,...]: issue 10\'s corner check', { seeds: '0-7', trials: '80', workers: '3', strategy: 'gp-ei' });
  const seeds = seedRange(flags.seeds);
  const trials = Number(flags.trials);
  const workers = Number(flags.workers);
  for (const strategy of flags.strategy.split(',')) {
    for (const loss of TRAINING_LOSSES) {
      const runs: CornerRun[] = [];
      for (const seed of seeds) runs.push(await cornerRun(strategy, loss.f, seed, trials, workers));
      const ratios = runs.flatMap((r) => r.ratios);
      console.log(`${strategy} ${loss.name}: corner share after 40 ${medianMeanWorst(runs.map((r) => r.share))}; corner value / best: ${ratios.length ? medianMeanWorst(ratios) : 'none'}; best ${medianMeanWorst(runs.map((r) => r.best))}`);
      console.log(`  per seed ${seeds[0]}..: ${runs.map((r) => r.share.toFixed(2)).join(' ')}`);
    }
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

import { ackley, branin, rosenbrock } from '../../../../bench/functions';
import { Rng } from '../../../../src/core/rng';
import { sampleParams, validateSpace } from '../../../../src/core/space';
import type { Params, SearchSpace } from '../../../../src/domain/space';
import { gpFactory } from '../../../../src/samplers/gp/gp-sampler';
import { summarizeModel } from '../../../../src/samplers/gp/model-summary';
import type { ObservedTrial } from '../../../../src/samplers/sampler';

const mixed = validateSpace({
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.8 },
  layers: { type: 'int', low: 1, high: 6 },
  act: { type: 'categorical', choices: ['relu', 'tanh', 'gelu'] },
});
/** A loss shaped like a training run's: flat near a good lr, blowing up (to about 28) away from it. */
const training = (p: Params): number => 0.3 + 2 * Math.log10((p.lr as number) / 3e-3) ** 2 + 4 * ((p.dropout as number) - 0.2) ** 2 + 0.1 * (p.layers as number) + (p.act === 'tanh' ? 0.5 : 0);
const square = validateSpace({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });

const cases: { name: string; space: SearchSpace; f: (p: Params) => number; n: number }[] = [
  { name: 'a mixed training-like study', space: mixed, f: training, n: 40 },
  { name: 'Branin', space: square, f: (p) => branin(15 * (p.a as number) - 5, 15 * (p.b as number)), n: 30 },
  { name: 'Rosenbrock (values to 1e5)', space: square, f: (p) => rosenbrock([15 * (p.a as number) - 5, 15 * (p.b as number) - 5]), n: 30 },
  { name: 'Ackley (rough)', space: square, f: (p) => ackley([15 * (p.a as number) - 5, 15 * (p.b as number) - 5]), n: 40 },
];

function history(space: SearchSpace, f: (p: Params) => number, n: number): ObservedTrial[] {
  const rng = new Rng(17);
  return Array.from({ length: n }, (_, i) => {
    const params = sampleParams(space, rng);
    return { number: i, params, loss: f(params) };
  });
}

describe('GP predictions in objective units', () => {
  for (const c of cases) {
    it(`are believable for ${c.name}: within 5% of the range at training points, within [min - range, max + range] anywhere`, async () => {
      const trials = history(c.space, c.f, c.n);
      const losses = trials.map((t) => t.loss);
      const [lo, hi] = [Math.min(...losses), Math.max(...losses)];
      const range = hi - lo;
      const summary = summarizeModel(c.space, trials, 0);
      if (!summary) throw new Error('no summary');
      const atTraining = summary.predict(trials.map((t) => t.params));
      atTraining.mean.forEach((m, i) => expect(Math.abs(m - (losses[i] as number))).toBeLessThanOrEqual(0.05 * range));
      const rng = new Rng(3);
      const anywhere = summary.predict(Array.from({ length: 300 }, () => sampleParams(c.space, rng)));
      for (const m of anywhere.mean) expect(m >= lo - range && m <= hi + range).toBe(true);
      for (const s of anywhere.std) expect(s >= 0 && s <= range).toBe(true);
      const out = await gpFactory.create(gpFactory.normalize({}, c.space), c.space).suggest({
        space: c.space, completed: trials, pruned: [], pending: [], count: 3, seed: 1, trialCount: c.n, studySeed: 1, budget: { deadlineMs: 1e9, now: () => 0 },
      });
      for (const o of out) {
        expect(o.reason.predicted_mean).toBeGreaterThanOrEqual(lo - range);
        expect(o.reason.predicted_mean).toBeLessThanOrEqual(hi + range);
        expect(o.reason.predicted_std).toBeLessThanOrEqual(range);
      }
    });
  }
});

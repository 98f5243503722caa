import { benchmarkFunction } from '../../../bench/functions';
import { syntheticCurves, trainWithPruner } from '../../../bench/learning-curves';
import { medianPrunerFactory } from '../../../src/pruners/median';
import type { Curve } from '../../../src/pruners/pruner';

const branin = benchmarkFunction('branin');
const pruner = medianPrunerFactory.create({ n_startup_trials: 5, n_warmup_steps: 1 });

describe('synthetic learning curves (bench:regret --pruner)', () => {
  it('fall towards f(x), which the last report equals, at a speed that differs between configurations', () => {
    const curves = syntheticCurves(branin, 8, pruner);
    const starts: number[] = [];
    for (const params of [{ x0: 9.42478, x1: 2.475 }, { x0: -5, x1: 0 }, { x0: 0, x1: 7 }, { x0: 5, x1: 15 }]) {
      const c = curves.curve(params);
      expect(c).toHaveLength(8);
      expect(c[7]).toBe(branin.evaluate(params));
      for (let k = 1; k < 8; k++) expect(c[k]!).toBeLessThan(c[k - 1]!);
      starts.push(c[0]! - c[7]!);
    }
    expect(Math.max(...starts) / Math.min(...starts)).toBeGreaterThan(1.2);
    expect(syntheticCurves(branin, 8, pruner).curve({ x0: 1, x1: 2 })).toEqual(curves.curve({ x0: 1, x1: 2 }));
  });

  it('run under the pruner: no pruning before 5 complete runs, then a run above the median at a step is stopped there', () => {
    const curves = syntheticCurves(branin, 8, pruner);
    const others: Curve[] = [];
    const good = { x0: 9.42478, x1: 2.475 };
    const fair = { x0: 3, x1: 3 };
    // The worst configuration of all, but the pruner waits for 5 complete runs.
    const bad = { x0: -5, x1: 0 };
    expect(trainWithPruner(curves, 0, bad, others)).toMatchObject({ pruned: false, steps: 8 });
    for (let i = 1; i < 5; i++) expect(trainWithPruner(curves, i, fair, others)).toMatchObject({ pruned: false, steps: 8 });
    expect(trainWithPruner(curves, 5, fair, others)).toMatchObject({ pruned: false, steps: 8 });
    expect(curves.curve(bad)[0]!).toBeGreaterThan(curves.curve(fair)[0]!);
    // Now it is stopped at its first report (n_warmup_steps 1), told with that report.
    expect(trainWithPruner(curves, 6, bad, others)).toEqual({ pruned: true, steps: 1, loss: curves.curve(bad)[0] });
    expect(trainWithPruner(curves, 7, good, others)).toEqual({ pruned: false, steps: 8, loss: branin.evaluate(good) });
    expect(others.map((c) => c.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'PRUNED', 'COMPLETE']);
  });
});

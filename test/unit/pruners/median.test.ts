import type { Curve } from '../../../src/pruners/pruner';
import { createPruner, normalizePrunerConfig } from '../../../src/pruners/registry';
import { median } from '../../../src/pruners/median';

function curve(number: number, state: Curve['state'], losses: number[]): Curve {
  return { number, state, values: losses.map((value, step) => ({ step, value })) };
}

const finished = [
  curve(0, 'COMPLETE', [1.0, 0.8, 0.6, 0.5]),
  curve(1, 'COMPLETE', [1.2, 0.9, 0.7, 0.6]),
  curve(2, 'COMPLETE', [0.9, 0.7, 0.5, 0.4]),
];

describe('median pruner', () => {
  it('computes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('prunes a trial worse than the median of completed trials at the same step', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'median', n_startup_trials: 3 }));
    const bad = curve(3, 'RUNNING', [1.5, 1.4]);
    const good = curve(4, 'RUNNING', [0.95, 0.75]);
    expect(pruner.shouldPrune({ trial: bad, others: finished, step: 1 })).toBe(true);
    expect(pruner.shouldPrune({ trial: good, others: finished, step: 1 })).toBe(false);
  });

  it('prunes a trial between the median and the maximum (kills "compare with the maximum")', () => {
    // Step 1 losses of the completed trials: 0.8, 0.9, 0.7 -> median 0.8, maximum 0.9.
    const pruner = createPruner(normalizePrunerConfig({ type: 'median', n_startup_trials: 3 }));
    expect(pruner.shouldPrune({ trial: curve(3, 'RUNNING', [1.0, 0.85]), others: finished, step: 1 })).toBe(true);
    expect(pruner.shouldPrune({ trial: curve(4, 'RUNNING', [1.0, 0.8000001]), others: finished, step: 1 })).toBe(true);
  });

  it('keeps a trial exactly at the median (kills ">" -> ">=")', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'median', n_startup_trials: 3 }));
    expect(pruner.shouldPrune({ trial: curve(3, 'RUNNING', [1.0, 0.8]), others: finished, step: 1 })).toBe(false);
    // Even count: the median of 0.8, 0.9, 0.7, 0.75 is the mean of the middle two, 0.775.
    const four = [...finished, curve(5, 'COMPLETE', [1.0, 0.75])];
    expect(pruner.shouldPrune({ trial: curve(6, 'RUNNING', [1.0, 0.775]), others: four, step: 1 })).toBe(false);
    expect(pruner.shouldPrune({ trial: curve(7, 'RUNNING', [1.0, 0.78]), others: four, step: 1 })).toBe(true);
  });

  it('compares the best value so far, not the latest', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'median', n_startup_trials: 1 }));
    const dipped = curve(5, 'RUNNING', [0.5, 1.3]);
    expect(pruner.shouldPrune({ trial: dipped, others: finished, step: 1 })).toBe(false);
  });

  it('waits for n_startup_trials completed trials, ignoring running and pruned ones', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'median', n_startup_trials: 4 }));
    const others = [...finished, curve(9, 'PRUNED', [0.1, 0.1]), curve(10, 'RUNNING', [0.1, 0.1])];
    expect(pruner.shouldPrune({ trial: curve(3, 'RUNNING', [9, 9]), others, step: 1 })).toBe(false);
  });

  it('respects n_warmup_steps and interval_steps', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'median', n_startup_trials: 1, n_warmup_steps: 1, interval_steps: 2 }));
    const bad = curve(3, 'RUNNING', [9, 9, 9, 9]);
    expect([0, 1, 2, 3].map((step) => pruner.shouldPrune({ trial: bad, others: finished, step }))).toEqual([false, true, false, true]);
  });

  it('never prunes at a step no completed trial reached', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'median', n_startup_trials: 1 }));
    const long = curve(3, 'RUNNING', [0, 0, 0, 0, 9]);
    expect(pruner.shouldPrune({ trial: long, others: finished, step: 4 })).toBe(false);
  });

  it('fills defaults and rejects bad options naming pruner.<option>', () => {
    expect(normalizePrunerConfig({ type: 'median' })).toEqual({ type: 'median', n_startup_trials: 5, n_warmup_steps: 0, interval_steps: 1 });
    expect(() => normalizePrunerConfig({ type: 'median', interval_steps: 0 })).toThrow(expect.objectContaining({ code: 'invalid_pruner', field: 'pruner.interval_steps' }));
    expect(() => normalizePrunerConfig({ type: 'median', n_startup_trials: 1.5 })).toThrow(expect.objectContaining({ field: 'pruner.n_startup_trials' }));
    expect(() => normalizePrunerConfig({ type: 'median', patience: 3 })).toThrow(expect.objectContaining({ field: 'pruner.patience' }));
    expect(() => normalizePrunerConfig({ type: 'hyperband' })).toThrow(expect.objectContaining({ field: 'pruner.type', message: expect.stringContaining('successive-halving') }));
  });
});

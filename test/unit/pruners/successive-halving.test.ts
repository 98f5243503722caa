import type { Curve } from '../../../src/pruners/pruner';
import { createPruner, normalizePrunerConfig } from '../../../src/pruners/registry';
import { isPromotable, rungStep } from '../../../src/pruners/successive-halving';

/** A curve with values at steps 1..n (epochs). */
function curve(number: number, state: Curve['state'], losses: number[]): Curve {
  return { number, state, values: losses.map((value, i) => ({ step: i + 1, value })) };
}

describe('successive-halving pruner', () => {
  it('puts rungs at min_resource * eta^(s + k)', () => {
    expect([0, 1, 2].map((k) => rungStep({ min_resource: 2, reduction_factor: 3, min_early_stopping_rate: 1 }, k))).toEqual([6, 18, 54]);
  });

  it('promotes the top floor(n / eta), and the best one while fewer than eta reached the rung', () => {
    expect(isPromotable(0.5, [0.5], 3)).toBe(true);
    expect(isPromotable(0.7, [0.5, 0.7], 3)).toBe(false);
    expect(isPromotable(0.6, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 3)).toBe(false);
    expect(isPromotable(0.2, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 3)).toBe(true);
  });

  it('decides only on the first report at or past a rung', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'successive-halving', min_resource: 1, reduction_factor: 2 }));
    const others = [curve(0, 'COMPLETE', [0.2, 0.1, 0.05, 0.04]), curve(1, 'PRUNED', [0.3])];
    const bad = curve(2, 'RUNNING', [0.9, 0.8, 0.7]);
    // rungs at steps 1, 2, 4: step 3 is no rung
    expect(pruner.shouldPrune({ trial: bad, others, step: 1 })).toBe(true);
    expect(pruner.shouldPrune({ trial: bad, others, step: 3 })).toBe(false);
    const good = curve(3, 'RUNNING', [0.1]);
    expect(pruner.shouldPrune({ trial: good, others, step: 1 })).toBe(false);
  });

  it('reads a rung value at the first step past the rung when reports skip steps', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'successive-halving', min_resource: 2, reduction_factor: 2 }));
    const sparse: Curve = { number: 0, state: 'COMPLETE', values: [{ step: 3, value: 0.1 }] };
    const trial: Curve = { number: 1, state: 'RUNNING', values: [{ step: 1, value: 0.5 }, { step: 2, value: 0.4 }] };
    expect(pruner.shouldPrune({ trial, others: [sparse], step: 2 })).toBe(true);
  });

  it('a trial crossing two rungs at once must pass both', () => {
    const pruner = createPruner(normalizePrunerConfig({ type: 'successive-halving', min_resource: 1, reduction_factor: 2 }));
    const others = [curve(0, 'COMPLETE', [0.9, 0.1])];
    const jump: Curve = { number: 1, state: 'RUNNING', values: [{ step: 2, value: 0.5 }] };
    expect(pruner.shouldPrune({ trial: jump, others, step: 2 })).toBe(true);
  });

  it('validates its options naming pruner.<option>', () => {
    expect(normalizePrunerConfig({ type: 'successive-halving' })).toEqual({ type: 'successive-halving', min_resource: 1, reduction_factor: 3, min_early_stopping_rate: 0 });
    expect(() => normalizePrunerConfig({ type: 'successive-halving', reduction_factor: 1 })).toThrow(expect.objectContaining({ code: 'invalid_pruner', field: 'pruner.reduction_factor' }));
    expect(() => normalizePrunerConfig({ type: 'successive-halving', min_resource: 0 })).toThrow(expect.objectContaining({ field: 'pruner.min_resource' }));
    expect(() => normalizePrunerConfig({ type: 'successive-halving', eta: 3 })).toThrow(expect.objectContaining({ field: 'pruner.eta' }));
  });
});

import { Rng } from '../../../../src/core/rng';
import { sampleParams, validateSpace } from '../../../../src/core/space';
import { summarizeModel } from '../../../../src/samplers/gp/model-summary';
import type { ObservedTrial } from '../../../../src/samplers/sampler';

const space = validateSpace({
  a: { type: 'float', low: 0, high: 1 },
  b: { type: 'float', low: 0, high: 1 },
  c: { type: 'categorical', choices: ['u', 'v'] },
});

function trials(n: number): ObservedTrial[] {
  const rng = new Rng(2);
  return Array.from({ length: n }, (_, i) => {
    const params = sampleParams(space, rng);
    return { number: i, params, loss: 10 * Math.sin(6 * (params.a as number)) + 0.01 * (params.b as number) };
  });
}

describe('summarizeModel', () => {
  it('is null with too few trials', () => {
    expect(summarizeModel(space, trials(2), 1)).toBeNull();
  });

  it('gives importances summing to 1 that rank the driving parameter first', () => {
    const summary = summarizeModel(space, trials(30), 1);
    expect(summary).not.toBeNull();
    const imp = summary!.importances;
    expect(Object.keys(imp).sort()).toEqual(['a', 'b', 'c']);
    expect(Object.values(imp).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(imp.a).toBeGreaterThan(imp.b as number);
    expect(imp.a).toBeGreaterThan(imp.c as number);
  });

  it('predicts losses in loss units close to the observed ones', () => {
    const history = trials(30);
    const summary = summarizeModel(space, history, 1)!;
    const { mean, std } = summary.predict(history.slice(0, 5).map((t) => t.params));
    mean.forEach((m, i) => expect(Math.abs(m - history[i]!.loss)).toBeLessThan(0.5));
    for (const s of std) expect(s).toBeGreaterThanOrEqual(0);
  });
});

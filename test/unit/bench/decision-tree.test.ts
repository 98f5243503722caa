import { decisionTreeTask, generatedTable, treeError } from '../../../bench/decision-tree';
import { Rng } from '../../../src/core/rng';
import { sampleParams } from '../../../src/core/space';

describe('the decision-tree plateau task', () => {
  const settings = { maxDepth: 30, minSamplesLeaf: 1, minImpurityDecrease: 0, criterion: 'gini' as const, maxFeatures: 1 };

  it('grows a CART that fits its training set and predicts the majority class as a root-only tree', () => {
    const train = generatedTable(300, 10, 0.1, 7);
    expect(treeError(train, train, settings)).toBe(0);
    const ones = train.y.reduce((a, b) => a + b, 0);
    const root = treeError(train, train, { ...settings, minImpurityDecrease: 1 });
    expect(root).toBeCloseTo(Math.min(ones, train.y.length - ones) / train.y.length, 12);
  });

  it('is flat over wide regions: most random configurations tie, a tenth beat the plateau, the best by 0.02', () => {
    const task = decisionTreeTask();
    const rng = new Rng(11);
    const values = Array.from({ length: 200 }, () => task.evaluate(sampleParams(task.space, rng)));
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const [plateau, tied] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] as [number, number];
    expect(tied).toBeGreaterThan(values.length / 2);
    expect(values.filter((v) => v < plateau).length).toBeGreaterThanOrEqual(values.length / 10);
    expect(Math.min(...values)).toBeLessThan(plateau - 0.02);
  });
});

import { Rng } from '../src/core/rng';
import { validateSpace } from '../src/core/space';
import type { Params } from '../src/domain/space';
import type { BenchmarkFunction } from './functions';

/**
 * A held-out decision-tree task with wide plateaus: a small CART (binary splits on numeric
 * features, Gini or entropy impurity) trained on a generated two-class set and scored by its
 * validation error rate. Stumps, root-only trees (a large min_impurity_decrease or
 * min_samples_leaf) and every tree that makes the same splits score exactly alike, so the loss is
 * flat over wide regions and ties are everywhere; integers carry most of the space.
 */

/** A labelled table: rows of features and 0/1 labels. */
export interface Table {
  x: number[][];
  y: number[];
}

/**
 * A generated classification set (seeded): `features` standard-normal features of which the first
 * four are informative (a curved boundary with an interaction), the label flipped with probability
 * `noise`.
 */
export function generatedTable(rows: number, features: number, noise: number, seed: number): Table {
  const rng = new Rng(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: features }, () => rng.normal());
    const [a, b, c, d] = row as [number, number, number, number];
    const clean = a + 0.8 * Math.sin(2 * b) + 0.7 * c * d > 0.3 ? 1 : 0;
    x.push(row);
    y.push(rng.next() < noise ? 1 - clean : clean);
  }
  return { x, y };
}

/** Hyperparameters of the tree (see DECISION_TREE_SPACE). */
export interface TreeSettings {
  maxDepth: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  criterion: 'gini' | 'entropy';
  /** Share of the features tried at each split (at least one). */
  maxFeatures: number;
}

type Node = { leaf: true; label: number } | { leaf: false; feature: number; threshold: number; left: Node; right: Node };

function impurity(ones: number, n: number, criterion: TreeSettings['criterion']): number {
  if (n === 0) return 0;
  const p = ones / n;
  if (criterion === 'gini') return 2 * p * (1 - p);
  const h = (q: number): number => (q > 0 ? -q * Math.log2(q) : 0);
  return h(p) + h(1 - p);
}

/** Grows a CART on `table` (rows `idx`); the feature subsets are drawn from `rng` (deterministic). */
function grow(table: Table, idx: number[], depth: number, s: TreeSettings, total: number, rng: Rng): Node {
  const ones = idx.reduce((k, i) => k + (table.y[i] as number), 0);
  const leaf: Node = { leaf: true, label: ones * 2 >= idx.length ? 1 : 0 };
  if (depth >= s.maxDepth || idx.length < 2 * s.minSamplesLeaf || ones === 0 || ones === idx.length) return leaf;
  const parent = impurity(ones, idx.length, s.criterion);
  const nFeatures = (table.x[0] as number[]).length;
  const tried = rng.shuffle(Array.from({ length: nFeatures }, (_, f) => f)).slice(0, Math.max(1, Math.round(s.maxFeatures * nFeatures)));
  let best = { gain: -Infinity, feature: -1, threshold: 0 };
  for (const f of tried) {
    const sorted = [...idx].sort((a, b) => (table.x[a] as number[])[f]! - (table.x[b] as number[])[f]!);
    let leftOnes = 0;
    for (let k = 1; k < sorted.length; k++) {
      leftOnes += table.y[sorted[k - 1] as number] as number;
      const lo = (table.x[sorted[k - 1] as number] as number[])[f] as number;
      const hi = (table.x[sorted[k] as number] as number[])[f] as number;
      if (k < s.minSamplesLeaf || sorted.length - k < s.minSamplesLeaf || lo === hi) continue;
      const n = sorted.length;
      const child = (k / n) * impurity(leftOnes, k, s.criterion) + ((n - k) / n) * impurity(ones - leftOnes, n - k, s.criterion);
      const gain = parent - child;
      if (gain > best.gain) best = { gain, feature: f, threshold: (lo + hi) / 2 };
    }
  }
  // weighted impurity decrease, as scikit-learn defines min_impurity_decrease
  if (best.feature < 0 || (idx.length / total) * best.gain < s.minImpurityDecrease) return leaf;
  const left = idx.filter((i) => (table.x[i] as number[])[best.feature]! <= best.threshold);
  const right = idx.filter((i) => (table.x[i] as number[])[best.feature]! > best.threshold);
  return { leaf: false, feature: best.feature, threshold: best.threshold, left: grow(table, left, depth + 1, s, total, rng), right: grow(table, right, depth + 1, s, total, rng) };
}

function predict(node: Node, row: number[]): number {
  let n = node;
  while (!n.leaf) n = (row[n.feature] as number) <= n.threshold ? n.left : n.right;
  return n.label;
}

/** Validation error rate of a CART trained on `train` with `settings` (seeded feature subsets). */
export function treeError(train: Table, validation: Table, settings: TreeSettings, seed = 1): number {
  const root = grow(train, train.x.map((_, i) => i), 0, settings, train.x.length, new Rng(seed));
  return validation.x.reduce((e, row, i) => e + (predict(root, row) === validation.y[i] ? 0 : 1), 0) / validation.x.length;
}

/** The tree's search space: two log-integers, an integer depth, a threshold and a categorical. */
export const DECISION_TREE_SPACE = validateSpace({
  max_depth: { type: 'int', low: 1, high: 30 },
  min_samples_leaf: { type: 'int', low: 1, high: 150, log: true },
  min_impurity_decrease: { type: 'float', low: 0, high: 0.05 },
  criterion: { type: 'categorical', choices: ['gini', 'entropy'] },
  max_features: { type: 'float', low: 0.1, high: 1 },
});

/** The settings a params object of DECISION_TREE_SPACE stands for. */
export function treeSettings(p: Params): TreeSettings {
  return {
    maxDepth: p.max_depth as number,
    minSamplesLeaf: p.min_samples_leaf as number,
    minImpurityDecrease: p.min_impurity_decrease as number,
    criterion: p.criterion as TreeSettings['criterion'],
    maxFeatures: p.max_features as number,
  };
}

/**
 * The decision-tree task as a benchmark function: validation error of a CART on a generated set of
 * 300 training and 600 validation rows (10 features, 10% label noise; `dataSeed` draws the set).
 * fStar is 0, so the "regret" is the error rate itself.
 */
export function decisionTreeTask(dataSeed = 7): BenchmarkFunction {
  const train = generatedTable(300, 10, 0.1, dataSeed);
  const validation = generatedTable(600, 10, 0.1, dataSeed + 1000);
  return { name: 'decision_tree', space: DECISION_TREE_SPACE, fStar: 0, evaluate: (p) => treeError(train, validation, treeSettings(p)) };
}

import { SeededRandom } from '../random';

/** A numeric table: `x` is n rows of d features, `y` n targets (class index or real value). */
export interface Table {
  x: number[][];
  y: number[];
}

/** A fixed train/validation split, features standardised with the training rows' mean and sd. */
export interface SplitTable {
  train: Table;
  validation: Table;
  featureNames: string[];
}

/**
 * NOTE: the split seed is fixed (not the trial's seed) so every trial of a study is scored on the
 * same validation rows; otherwise the sampler would be chasing split noise.
 */
const SPLIT_SEED = 20240601;

function take(table: Table, rows: number[]): Table {
  return { x: rows.map((i) => table.x[i] as number[]), y: rows.map((i) => table.y[i] as number) };
}

/** Column means and standard deviations (sd 1 for a constant column). */
export function columnStats(x: number[][]): { mean: number[]; sd: number[] } {
  const d = x[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, row) => s + (row[j] as number), 0) / x.length);
  const sd = mean.map((m, j) => Math.sqrt(x.reduce((s, row) => s + ((row[j] as number) - m) ** 2, 0) / x.length) || 1);
  return { mean, sd };
}

function standardise(x: number[][], mean: number[], sd: number[]): number[][] {
  return x.map((row) => row.map((v, j) => (v - (mean[j] as number)) / (sd[j] as number)));
}

/** Shuffles the rows with a fixed seed and holds out `validationFraction` of them (in (0, 1)). */
export function splitTable(table: Table, featureNames: string[], validationFraction: number): SplitTable {
  const order = new SeededRandom(SPLIT_SEED).permutation(table.y.length);
  const nValidation = Math.max(1, Math.round(table.y.length * validationFraction));
  const validation = take(table, order.slice(0, nValidation));
  const train = take(table, order.slice(nValidation));
  const { mean, sd } = columnStats(train.x);
  return {
    train: { x: standardise(train.x, mean, sd), y: train.y },
    validation: { x: standardise(validation.x, mean, sd), y: validation.y },
    featureNames,
  };
}

/** Maps category labels to 0..k-1 in first-seen order; returns the indices and the label list. */
export function encodeLabels(labels: string[]): { y: number[]; classes: string[] } {
  const classes: string[] = [];
  const y = labels.map((label) => {
    let index = classes.indexOf(label);
    if (index < 0) index = classes.push(label) - 1;
    return index;
  });
  return { y, classes };
}

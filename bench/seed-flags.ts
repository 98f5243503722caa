import { median } from '../src/pruners/median';

/** Seeds of a range "a-b" (inclusive) or of one seed "a". */
export function seedRange(text: string): number[] {
  const [lo, hi] = text.split('-').map(Number) as [number, number | undefined];
  return Array.from({ length: (hi ?? lo) - lo + 1 }, (_, k) => lo + k);
}

/** "median m, mean a, worst w" of a non-empty list where larger is worse (3 decimals). */
export function medianMeanWorst(xs: number[]): string {
  return `median ${median(xs).toFixed(3)}, mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)}, worst ${Math.max(...xs).toFixed(3)}`;
}

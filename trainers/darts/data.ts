import { checkMnistOptions, loadMnist, type ImageSet } from '../shared/data/mnist';
import type { FitData } from '../shared/fit';
import { tf } from '../shared/tf';
import type { LabelledImages } from './search';

/** Images per digit in each split, and the downsampling of the 28x28 digits (as the cnn trainer's). */
export interface DartsDataOptions {
  /** Training split: the search's weight steps, then retraining (with the architecture split). */
  trainPerDigit: number;
  /** Architecture split: the search's α steps and its per-epoch reports. */
  archPerDigit: number;
  /** Final validation split: only the retrained network is scored on it. */
  validationPerDigit: number;
  downsample: 1 | 2 | 4;
}

/**
 * The three disjoint, class-balanced splits as tensors: `train` and `arch` for the search, and
 * FitData (train + arch to fit, validation to score) for retraining. Dispose with disposeSplits.
 */
export interface DartsSplits {
  side: number;
  train: LabelledImages;
  arch: LabelledImages;
  retrain: FitData;
}

/** Throws naming the problem when the split sizes or the downsampling do not fit the bundled subset. */
export function checkDartsDataOptions(options: DartsDataOptions): void {
  if (!(options.trainPerDigit >= 1 && options.archPerDigit >= 1)) throw new Error(`DARTS needs at least 1 training and 1 architecture image per digit (got ${options.trainPerDigit} + ${options.archPerDigit})`);
  checkMnistOptions({ trainPerDigit: options.trainPerDigit + options.archPerDigit, validationPerDigit: options.validationPerDigit, downsample: options.downsample });
}

function labelled(pixels: Float32Array, labels: number[], side: number): LabelledImages {
  return { x: tf.tensor4d(pixels, [labels.length, side, side, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D };
}

/**
 * Splits the cnn's MNIST subset: its first `trainPerDigit` images per digit train the weights, the
 * next `archPerDigit` the architecture, and the validation images (after both) score the result.
 * NOTE: the subset interleaves digits, so the first 10·trainPerDigit rows hold trainPerDigit of each digit.
 */
export function loadDartsSplits(options: DartsDataOptions, cache: { images?: ImageSet } = {}): DartsSplits {
  checkDartsDataOptions(options);
  const images = (cache.images ??= loadMnist({ trainPerDigit: options.trainPerDigit + options.archPerDigit, validationPerDigit: options.validationPerDigit, downsample: options.downsample }));
  const { side, train, validation } = images;
  const cut = options.trainPerDigit * 10;
  const pixels = side * side;
  const all = labelled(train.pixels, train.labels, side);
  const retrainValidation = labelled(validation.pixels, validation.labels, side);
  return {
    side,
    train: labelled(train.pixels.subarray(0, cut * pixels), train.labels.slice(0, cut), side),
    arch: labelled(train.pixels.subarray(cut * pixels), train.labels.slice(cut), side),
    retrain: { xTrain: all.x, yTrain: all.y, xValidation: retrainValidation.x, yValidation: retrainValidation.y },
  };
}

/** Frees every tensor of the splits. */
export function disposeSplits(splits: DartsSplits): void {
  tf.dispose([splits.train.x, splits.train.y, splits.arch.x, splits.arch.y, ...Object.values(splits.retrain)]);
}

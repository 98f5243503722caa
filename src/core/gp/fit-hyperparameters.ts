import type { Rng } from '../rng';
import { minimizeLbfgs } from '../optimize/lbfgs';
import { choleskySolve } from '../linalg/cholesky';
import { GaussianProcess, type GpData, type GpHyperparameters } from './gaussian-process';
import { glsMean, type HyperPrior, negativeLogPosterior, packHyper, pairDifferences, unpackHyper } from './marginal-likelihood';

/** Smallest noise variance (in standardised target units): deterministic objectives get this. */
export const NOISE_FLOOR = 1e-6;

/** Box of the log hyperparameters searched by the MAP fit. */
function bounds(groups: number, noiseCeiling: number): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(groups + 2);
  const upper = new Float64Array(groups + 2);
  for (let g = 0; g < groups; g++) {
    lower[g] = Math.log(1e-3);
    upper[g] = Math.log(1e3);
  }
  lower[groups] = Math.log(1e-3);
  upper[groups] = Math.log(1e3);
  lower[groups + 1] = Math.log(NOISE_FLOOR);
  upper[groups + 1] = Math.log(noiseCeiling);
  return { lower, upper };
}

/**
 * Deterministic starting points of the MAP fit for G length-scale groups: the prior's centre,
 * a short-length-scale start (a wiggly fit the prior centre can miss), then `extra` draws from the
 * prior taken from rng.
 */
export function defaultStarts(groups: number, prior: HyperPrior, rng: Rng, extra: number): GpHyperparameters[] {
  const make = (ls: (g: number) => number): GpHyperparameters => ({
    logLengthscales: Float64Array.from({ length: groups }, (_, g) => ls(g)),
    logOutputScale: 0,
    logNoise: prior.noiseMean,
  });
  const starts = [make(() => prior.lengthscaleCentre), make(() => prior.lengthscaleCentre + Math.log(0.3))];
  for (let k = 0; k < extra; k++) starts.push(make(() => prior.lengthscaleCentre + rng.normal()));
  return starts;
}

/**
 * Result of a MAP fit: the best hyperparameters, their negative log posterior and the constant
 * prior mean (target units) the likelihood profiles out at them (see profiledMean; 0 when the
 * prior's constantMean is off).
 */
export interface FitResult {
  hyper: GpHyperparameters;
  value: number;
  mean: number;
}

/**
 * MAP hyperparameters: L-BFGS (projected onto a wide box) on the negative log posterior from each
 * start, keeping the lowest. `shouldStop` (a deadline) ends the current run and skips the rest;
 * the best so far is returned (the first start always runs at least one evaluation).
 */
export function fitHyperparameters(data: GpData, prior: HyperPrior, starts: GpHyperparameters[], maxIterations: number, shouldStop?: () => boolean): FitResult {
  const diffs = pairDifferences(data);
  const groups = (starts[0] as GpHyperparameters).logLengthscales.length;
  const box = bounds(groups, prior.noiseCeiling);
  const objective = (theta: Float64Array, grad: Float64Array): number => negativeLogPosterior(data, diffs, prior, theta, grad);
  let best: { hyper: GpHyperparameters; value: number } | null = null;
  for (const start of starts) {
    if (best && shouldStop?.()) break;
    const run = minimizeLbfgs(objective, packHyper(start), { ...box, maxIterations, gradientTolerance: 1e-5, shouldStop });
    if (Number.isFinite(run.value) && (!best || run.value < best.value)) best = { hyper: unpackHyper(run.x), value: run.value };
  }
  if (!best) {
    const fallback = starts[0] as GpHyperparameters;
    const hyper = { ...fallback, logNoise: Math.max(fallback.logNoise, Math.log(1e-2)) };
    return { hyper, value: Infinity, mean: prior.constantMean ? fittedMean(data, hyper) : 0 };
  }
  return { ...best, mean: prior.constantMean ? fittedMean(data, best.hyper) : 0 };
}

/** The profiled constant prior mean of data at hyperparameters (glsMean of K^-1 1). */
function fittedMean(data: GpData, hyper: GpHyperparameters): number {
  const gp = new GaussianProcess(data, hyper);
  return glsMean(choleskySolve(gp.factor.L, data.n, new Float64Array(data.n).fill(1)), data.y);
}

import type { Rng } from '../rng';
import { minimizeLbfgs } from '../optimize/lbfgs';
import { choleskySolve } from '../linalg/cholesky';
import { GaussianProcess, type GpData, type GpHyperparameters } from './gaussian-process';
import { glsMean, type HyperPrior, negativeLogPosterior, packHyper, pairDifferences, unpackHyper } from './marginal-likelihood';

/**
 * Smallest noise variance (in standardised target units): deterministic objectives get this.
 * NOTE: it only keeps the kernel matrix factorable, which jitteredCholesky already guarantees, so
 * it sits far below any precision a user asks for. At 1e-6 it bound every smooth fit from about
 * 28 trials on (Branin: noise sd 1e-3 of the target's sd, a few hundredths of the loss) and capped
 * how far a polished optimum could be resolved: the model predicted sd ~1e-2 at points whose
 * values its data knew to 1e-4, and polishing below that was luck. Measured, gp-ei, median / mean
 * / worst log10 regret at 60, 1e-6 -> 1e-10 (with POLISHED_VARIANCE in basin-escape.ts; seeds
 * 16-31 confirm what seeds 0-15 found): Branin -5.28 / -5.24 / -4.06 -> -7.27 / -7.68 / -6.81 and
 * -4.68 / -4.90 / -3.82 -> -7.36 / -7.55 / -6.29; Hartmann6 -3.98 / -3.15 -> -5.71 / -4.30 and
 * -3.97 / -3.00 -> -5.18 / -3.92; Rosenbrock4 0.67 -> 0.68 and 0.66 -> 0.60; mixed Hartmann
 * -3.93 / -3.07 -> -4.46 / -3.25 and -1.47 / -2.37 -> -1.47 / -2.54; Ackley5, Ackley10,
 * Rastrigin20, Levy8 and a noisy Hartmann6 (sd 0.1) unchanged. Without POLISHED_VARIANCE, 1e-8
 * gained half as much (Branin -5.67, Hartmann6 -5.17) and 1e-12 little more (-8.71, -6.01), with
 * less room above the posterior variance's own floor (1e-12 of the output scale). Cost: a fit that
 * ends on the floor runs about twice the L-BFGS iterations (README, "The noise floor").
 */
export const NOISE_FLOOR = 1e-10;

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

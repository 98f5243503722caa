import { FeatureEncoder } from '../../core/gp/encoding';
import { GaussianProcess, type GpData, type GpHyperparameters } from '../../core/gp/gaussian-process';
import { defaultStarts, fitHyperparameters } from '../../core/gp/fit-hyperparameters';
import { defaultPrior } from '../../core/gp/marginal-likelihood';
import { LINEAR_WARP, OutputWarp, TAIL_WARP, type WarpShape } from '../../core/gp/output-warp';
import { Rng } from '../../core/rng';
import { fnv1aText } from '../../core/fnv1a';
import type { SearchSpace } from '../../domain/space';
import type { GpObservation } from './observations';
import { historyPrefixKeys } from './history-hash';
import { LruCache } from '../../core/lru-cache';
import { gpFitCache, type CachedFit } from './model-cache';
import { sampleFitSet, selectTrainingSet } from './training-set';
import { DEFAULT_MAX_TRAIN } from './options';

/** A GP fitted to a study's completed trials, with the maps between params, features and losses. */
export interface GpModel {
  encoder: FeatureEncoder;
  warp: OutputWarp;
  gp: GaussianProcess;
  /** The trials the GP was trained on (a subset past the training cap). */
  train: GpObservation[];
  /**
   * The EI incumbent: the lowest posterior mean at the training points, in standardised target
   * units. NOTE: this is the "plug-in" incumbent for noisy objectives; with a noise-free fit it
   * equals the lowest observed target, and when the fit attributes wiggles to noise (Ackley) it
   * stops a lucky low observation from making every improvement look hopeless.
   */
  bestTarget: number;
  /** Set when the deadline cut the hyperparameter fit short. */
  fitCutShort: boolean;
}

/** How to build a model. */
export interface ModelSettings {
  maxTrain: number;
  /** True once the fit must stop (deadline); the best hyperparameters so far are kept. */
  shouldStop?: () => boolean;
  cache?: LruCache<CachedFit>;
  /** The objective is noisy (gp option `noisy`): the noise variance may reach the target variance. */
  noisy?: boolean;
  /** Names the stream of histories this build continues (a study's seed): its last model is kept. */
  stream?: string;
  /**
   * The model is part of one ask's search, not the study's model (the escape's model of the
   * trials beyond a converged basin): modelBuilds leaves it out.
   */
  partOfSearch?: boolean;
}

/**
 * NOTE: the last model built per stream (study), for asks that find the same completed trials,
 * such as concurrent asks whose others' points are only pending: they reuse the factor instead of
 * building it again. At most this many streams (a model holds the n x n factor, 8 n^2 bytes for
 * a training set of n: 0.5 MB at the default max_train of 256).
 */
export const MODEL_STREAMS = 32;
const lastModels = new LruCache<{ key: string; model: GpModel }>(MODEL_STREAMS);
let builds = 0;

/**
 * How many study models this thread has built (fits: factor, and hyperparameters at anchors), for
 * metrics; models that are part of a search (ModelSettings.partOfSearch) are not counted.
 */
export function modelBuilds(): number {
  return builds;
}

const FIT_ITERATIONS = 80;
/**
 * Most trials the hyperparameter fit's search sees (a uniform sample of the training set, see
 * sampleFitSet; before 2026-11-30's seventh session, the training set's own rule); it then
 * continues on the whole training set for WHOLE_SET_ITERATIONS. NOTE: each
 * marginal-likelihood gradient costs O(n^3), and with many workers the fit at each new anchor is
 * what a round of asks waits for: 32 workers on Hartmann6 at n = 200-300 spent 410-1,430 ms of a
 * round in the fit against 270-430 ms drawing ~27 points. A fit on 100 points took 150-270 ms
 * against 460-830 ms on 160 (in-process, Hartmann6, n = 200-600). Sequential gp-ei on Hartmann6,
 * log10 regret at 200, seeds 0-3: -0.73 -4.67 -4.31 -0.73 against -0.73 -4.96 -4.50 -0.73 with 160
 * (the same basins, slightly less polish); runs up to 64 trials are unchanged (their fits see all).
 */
const FIT_CAP = 100;
/**
 * L-BFGS iterations on the whole training set (up to WHOLE_SET_CAP trials) that continue a fit
 * made on its sample of FIT_CAP (see fitFor). NOTE: the sample's MAP can sit in a mode the whole
 * set rejects. 32 simulated workers on Hartmann6 (study seed 1,
 * test/fixtures/hartmann6-32-workers-262.json): fitted on 100 of the 262 trials at that anchor (and
 * of 228 at the one before), the fifth input got a length scale of 2.7-2.9 where the fits at 161
 * and 208 trials gave 0.46-0.58, the GP copied the optimum's value along that input (-4.59 +- 0.21
 * predicted at a point of -0.82; the optimum is -3.32), and every round from 225 trials on went to
 * such false minima, so the run stayed at -3.44 to 300. Five iterations on the whole set give
 * 0.49. 32 simulated workers, Hartmann6 at 300, seeds 16-47 (where this count was chosen), median
 * / mean / worst log10 regret and runs above -3.5: without -4.46 / -4.27 / -2.31, 9; with 2
 * iterations -4.39 / -4.50 / -2.46, 5; with 5 -4.89 / -4.72 / -3.08, 2; with 10 -4.45 / -4.54 /
 * -3.01, 3. One sequential worker, seeds 0-23: -6.48 / -6.42 / -4.23 against -6.50 / -6.49 /
 * -5.13 without (seed 16 ends at -4.23 against -5.78). A fit at an anchor of 198 / 262 trials took
 * 144-154 / 181-191 ms of CPU against 102-122 / 110-133 ms (histories up to FIT_CAP trials are
 * unchanged).
 */
const WHOLE_SET_ITERATIONS = 5;
/**
 * Most trials the continuation (WHOLE_SET_ITERATIONS) sees: a training set larger than this (a
 * `max_train` above its default) is continued on a uniform sample of this many. NOTE: each
 * iteration costs O(n^3); on a training set of 2,000 the five would take tens of seconds, past
 * FIT_CEILING_MS, and a fit cut short is not cached, so every ask would fit again.
 */
const WHOLE_SET_CAP = DEFAULT_MAX_TRAIN;
const EVERY_ASK_REFIT_UP_TO = 64;
const ANCHOR_GROWTH = 1.15;

/**
 * Number of trials whose data fix the hyperparameters used with n trials: n itself up to 64, then
 * the last of 64, 74, 86, ... (x1.15) not above n. NOTE: refitting only at these anchors keeps
 * asks on large histories fast while the model still adapts (hyperparameters move slowly with n);
 * because the anchor is a function of n, the result does not depend on which asks came before.
 */
export function anchorSize(n: number): number {
  if (n <= EVERY_ASK_REFIT_UP_TO) return n;
  let a = EVERY_ASK_REFIT_UP_TO;
  while (Math.ceil(a * ANCHOR_GROWTH) <= n) a = Math.ceil(a * ANCHOR_GROWTH);
  return a;
}

/**
 * Noise variance of a failed trial's stand-in row, in standardised target units: the stand-in says
 * "about as bad as the worst loss, give or take the spread of the losses" (the targets have sd 1).
 * NOTE: held exactly (the fitted noise, about 1e-4) and fitted on, the stand-ins put a cliff beside
 * every failing region: the fit took short length scales or the tail warp, and where the region
 * borders the optimum the GP called the optimum bad (0.31 for a loss of 0, a fifth of the observed
 * range: test/unit/samplers/gp/failed-and-pruned.test.ts). Fitted without them and held with this
 * noise, the stand-ins still raise the mean where failures gather away from the data, and near the
 * data the measured trials decide. gp-ei at 60 evaluations, median / mean / worst log10 regret and
 * the share of model-guided suggestions that failed, before -> after: branin_fail (seeds 0-63)
 * -6.63 / -6.58 / -3.65, 2.6% -> -7.25 / -7.37 / -5.51, 4.7% (plain Branin -7.31 / -7.58);
 * branin_hole (0-31) -5.42 / -5.53 / -3.71, 1.9% -> -7.22 / -7.27 / -6.26, 2.2%; hartmann6_fail
 * (0-29) -1.16 / -2.04 / -0.89, 4.5% -> -0.92 / -2.78 / -0.92, 11.8% (16 runs of 30 at the local
 * minimum, before 15; the rest polish to 1e-4 to 1e-6, before 1e-1 to 1e-5); held out until this
 * was chosen (seeds 0-15): ackley5_corner 0.01 / 0.00 / 0.34, 0.0% -> -0.01 / -0.05 / 0.34, 0.8%;
 * rosenbrock4_edge 1.13 / 1.20 / 2.24, 5.5% -> 0.80 / 0.95 / 1.87, 11.8%. The failures count
 * against the budget, so the regret already pays for the extra ones. A variance of 0.25 gave
 * branin_fail -6.92 / -7.01 / -5.55, 2.8% and hartmann6_fail -0.92 / -2.99 / -0.79, 7.4%.
 */
const STAND_IN_NOISE = 1;

/**
 * Features and standardised targets of trials (`shape`: see OutputWarp); with `meanLoss` the
 * targets are 0 at that loss (the GP's fitted prior mean) instead of having mean 0. The warp is
 * built on the measured trials; a stand-in (a failed trial) is mapped through it and its row gets
 * STAND_IN_NOISE of extra noise variance.
 */
export function trainingData(encoder: FeatureEncoder, trials: GpObservation[], shape: WarpShape, meanLoss?: number): { data: GpData; warp: OutputWarp } {
  const measured = trials.filter((t) => !t.standIn);
  const warp = new OutputWarp(measured.map((t) => t.loss), shape, meanLoss);
  const d = encoder.dim;
  const X = new Float64Array(trials.length * d);
  trials.forEach((t, i) => encoder.encode(t.params, X.subarray(i * d, (i + 1) * d)));
  const data: GpData = { X, y: warp.targets, n: trials.length, d, groupOf: encoder.groupOf };
  if (measured.length < trials.length) {
    data.y = Float64Array.from(trials, (t) => warp.forward(t.loss));
    data.extraNoise = Float64Array.from(trials, (t) => (t.standIn ? STAND_IN_NOISE : 0));
  }
  return { data, warp };
}

/** The hyperparameters and output warp chosen for a history. */
interface ModelChoice {
  hyper: GpHyperparameters;
  warp: WarpShape;
  /** The fitted constant prior mean, in loss units. */
  meanLoss: number;
  cutShort: boolean;
}

/**
 * The output warps a fit chooses among (see fitFor): linear, tail-compressing, and the log of the
 * distance above a point 1 or 0.1 better-half spreads below the best loss (the log's offset, as
 * the threshold of a three-parameter log-normal, on two decades; see offsetPenalty).
 * NOTE: a loss that falls by decades as the configuration improves (Rosenbrock's valley, an error
 * rate, a regression loss) is smooth in its log, and neither the linear nor the tail shape resolves
 * its best values at the scale of the rest. gp-ei, seeds 0-15, median / mean / worst log10 regret,
 * linear and tail only -> with the log shapes: Rosenbrock4 at 20 2.48 / 2.42 / 3.52 -> 2.15 / 1.99
 * / 2.71, at 60 0.68 / 0.76 / 1.97 -> 0.47 / 0.47 / 0.96; Branin at 60 -7.27 / -7.68 / -6.81 ->
 * -7.51 / -7.47 / -5.75; Hartmann6 -5.71 / -4.30 / -0.92 -> -5.57 / -4.26 / -0.92; mixed Hartmann
 * -4.46 / -3.25 / -0.93 -> -4.36 / -3.23 / -0.93; Ackley5 -0.10 / -0.08 / 0.31 -> 0.05 / 0.06 / 0.27.
 * Held out (bench/functions.ts, HELD_OUT_CHECKS; measured after the choice): Goldstein-Price, five
 * decades of values, -1.82 / -1.88 / -0.94 -> -4.51 / -4.06 / -1.58; six-hump camel -7.41 / -7.35 /
 * -5.72 -> -7.69 / -7.59 / -7.04; Shekel4 0.81 / 0.59 / 0.91 -> 0.79 / 0.64 / 0.94; Michalewicz5
 * 0.18 / 0.18 / 0.48 -> 0.26 / 0.21 / 0.44; Styblinski-Tang4 0.90 / 0.36 / 1.63 -> 1.15 / 0.62 / 1.24.
 * A third offset, 0.01, made a funnel of Branin's optimum (seed 0 at regret 1.9e-6 after 50
 * evaluations, where test/quality/gp-polish.test.ts asks for 1e-6).
 */
const WARP_SHAPES: readonly WarpShape[] = [LINEAR_WARP, TAIL_WARP, { kind: 'log', offset: 1 }, { kind: 'log', offset: 0.1 }];

/**
 * L-BFGS iterations of each warp's screening fit (see fitFor). NOTE: a full fit per warp (two or
 * three starts of FIT_ITERATIONS each) would make four shapes cost twice the two the fit had;
 * screened, a cold fit costs less than the two full fits did: buildModel on random Hartmann6
 * histories of 20 / 60 / 100 / 300 trials, 83 / 160 / 209 / 191 ms against 151 / 273 / 478 / 323
 * ms (in-process, loaded machine). The one continued fit also polished deeper: on the linear and
 * tail shapes alone, Branin at 60 -7.80 / -7.84 / -6.54 against -7.27 / -7.68 / -6.81 with full fits.
 */
const SCREEN_ITERATIONS = 10;

/**
 * The penalty (nats) on a log shape's score (see fitFor) for its offset, a parameter chosen from
 * the data that the linear and tail shapes do not have: half the log of the number of trials, what
 * the Bayesian information criterion charges a parameter. NOTE: without it the evidence took a log
 * shape on smooth bowls and tie-heavy losses where it costs: Branin seeds 0-2 after 50 evaluations
 * -6.49 / -6.18 / -6.76 (with it -7.98 / -6.60 / -7.22), and the decision-tree task
 * (test/quality/gp-plateau.test.ts, seeds 13 and 15 at 40) 0.268 and 0.310 against 0.280 and 0.282,
 * where random search's worst run reaches 0.307. Rosenbrock4 at 20 went from 2.00 to 2.15.
 */
function offsetPenalty(shape: WarpShape, trials: number): number {
  return shape.kind === 'log' ? 0.5 * Math.log(trials) : 0;
}

/**
 * MAP hyperparameters for trials under the output warp (WARP_SHAPES) under which the LOSSES are
 * most probable (negative log posterior of the targets minus the warp's log Jacobian, plus
 * offsetPenalty for a log shape): each warp
 * gets a short screening fit (SCREEN_ITERATIONS from the default starts), and the best one's fit
 * continues from there to FIT_ITERATIONS. NOTE: the warp is a modelling choice like a length
 * scale, so the data choose it (a warped GP's evidence, as in Snelson et al. 2004). The fixed tail
 * warp flattened Branin's bowl into a plateau with a kinked valley; fitted on that, the GP was sure
 * of a wrong slope near a boundary incumbent (at the optimum it predicted 2.42 +- 0.08 where the
 * value is 0.40) and 2 of 16 seeds stalled there (regret 1.55 at 60); with the choice no seed
 * stalls (worst log10 regret at 60: 0.19 -> -2.42). Deterministic: random starts are seeded by the
 * key. Failed trials' stand-ins are left out of the fit (they are not measurements, see STAND_IN_NOISE).
 * `observed` is the fit's sample of `whole` (the anchor's training set, see sampleFitSet); when it
 * is smaller, the fit continues for WHOLE_SET_ITERATIONS on the whole set under the chosen warp.
 */
function fitFor(encoder: FeatureEncoder, observed: GpObservation[], key: string, noisy: boolean, shouldStop?: () => boolean, whole: GpObservation[] = observed): ModelChoice {
  const trials = fitTrials(observed);
  const prior = defaultPrior(encoder.groups, noisy);
  let cutShort = false;
  const stop = shouldStop ? (): boolean => (cutShort = cutShort || shouldStop()) : undefined;
  const losses = trials.map((t) => t.loss);
  let best: { shape: WarpShape; data: GpData; warp: OutputWarp; hyper: GpHyperparameters; score: number } | null = null;
  for (const shape of WARP_SHAPES) {
    const { data, warp } = trainingData(encoder, trials, shape);
    const starts = defaultStarts(encoder.groups, prior, new Rng(fnv1aText(key)), trials.length <= EVERY_ASK_REFIT_UP_TO ? 1 : 0);
    const screen = fitHyperparameters(data, prior, starts, SCREEN_ITERATIONS, stop);
    const score = screen.value - warp.logJacobian(losses) + offsetPenalty(shape, trials.length);
    if (!best || score < best.score) best = { shape, data, warp, hyper: screen.hyper, score };
  }
  const { shape, data, warp, hyper } = best as NonNullable<typeof best>;
  const fit = fitHyperparameters(data, prior, [hyper], FIT_ITERATIONS, stop);
  const all = fitTrials(whole);
  if (all.length <= trials.length || cutShort) return { hyper: fit.hyper, warp: shape, meanLoss: warp.inverse(fit.mean), cutShort };
  const wholeData = trainingData(encoder, all, shape);
  const refined = fitHyperparameters(wholeData.data, prior, [fit.hyper], WHOLE_SET_ITERATIONS, stop);
  return { hyper: refined.hyper, warp: shape, meanLoss: wholeData.warp.inverse(refined.mean), cutShort };
}

/** The trials a fit learns from: the measured ones, or (a history whose first trials all failed) the stand-ins as if measured. */
function fitTrials(observed: GpObservation[]): GpObservation[] {
  const measured = observed.filter((t) => !t.standIn);
  return measured.length > 0 ? measured : observed.map((t): GpObservation => ({ number: t.number, params: t.params, loss: t.loss }));
}

/**
 * Fits the GP for a history (completed trials in order; at least one). Hyperparameters come from
 * the anchor prefix (see anchorSize), cached by its key; when the training set is the whole
 * history, the Cholesky factor of a cached prefix is extended instead of recomputed.
 */
export function buildModel(space: SearchSpace, completed: GpObservation[], settings: ModelSettings): GpModel {
  const keys = historyPrefixKeys(space, completed);
  const stream = `${settings.stream ?? ''}|${keys[0]}|${settings.maxTrain}|${settings.noisy ? 'noisy' : ''}`;
  const last = lastModels.get(stream);
  if (last && last.key === keys[completed.length]) return last.model;
  if (!settings.partOfSearch) builds += 1;
  const model = fitModel(space, completed, keys, settings);
  if (!model.fitCutShort) lastModels.set(stream, { key: keys[completed.length] as string, model });
  return model;
}

function fitModel(space: SearchSpace, completed: GpObservation[], keys: string[], settings: ModelSettings): GpModel {
  const encoder = new FeatureEncoder(space);
  const cache = settings.cache ?? gpFitCache;
  const anchor = anchorSize(completed.length);
  const anchorKey = `${keys[anchor]}|${settings.maxTrain}|${settings.noisy ? 'noisy' : ''}`;
  let entry = cache.get(anchorKey);
  let fitCutShort = false;
  if (!entry) {
    const anchorSet = selectTrainingSet(encoder, completed.slice(0, anchor), settings.maxTrain);
    const continued = sampleFitSet(anchorSet, WHOLE_SET_CAP, `${anchorKey}|continued`);
    const fit = fitFor(encoder, sampleFitSet(anchorSet, FIT_CAP, anchorKey), anchorKey, settings.noisy ?? false, settings.shouldStop, continued);
    fitCutShort = fit.cutShort;
    entry = { hyper: fit.hyper, warp: fit.warp, meanLoss: fit.meanLoss };
    // NOTE: a fit cut short by the deadline is not cached: the cache must only hold pure results.
    if (!fitCutShort) cache.set(anchorKey, entry);
  }
  const train = selectTrainingSet(encoder, completed, settings.maxTrain);
  const { data, warp } = trainingData(encoder, train, entry.warp, entry.meanLoss);
  const prefix = train === completed && entry.factor && entry.factorKey === keys[entry.factor.n] ? entry.factor : undefined;
  const gp = new GaussianProcess(data, entry.hyper, prefix);
  if (train === completed && !fitCutShort) cache.set(anchorKey, { ...entry, factor: gp.factor, factorKey: keys[completed.length] as string });
  let bestTarget = Infinity;
  train.forEach((t, i) => (bestTarget = t.standIn ? bestTarget : Math.min(bestTarget, gp.meanAtRow(i))));
  return { encoder, warp, gp, train, bestTarget, fitCutShort };
}


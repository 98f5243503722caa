import type { AcquisitionSearch } from '../../core/optimize/optimize-acquisition';
import type { GpOptions } from './options';
import type { SearchPlan } from './search-plan';

/**
 * How hard the GP sampler searches its acquisition, per point of a round: the search settings
 * (candidates, perturbations, local searches), where a batch's later points search, and whether a
 * point can afford another search before its ask's deadline.
 */

/**
 * L-BFGS iterations per local search. NOTE: 100 rather than 40 mattered on mixed Hartmann (relaxed
 * integers converge slowly): median log10 regret at 60 went from -1.92 to -2.08; Hartmann6 unchanged.
 */
const LOCAL_ITERATIONS = 100;

/**
 * Share of the candidates, perturbations and local searches the points of a batch after the first
 * get. NOTE: with 32 workers a round draws about 32 points, so the search per point bounds the
 * asks' latency. Measured (Hartmann6, n = 1,000, loaded machine): 32 points in 0.5 s at 1/4
 * against 2.0 s at full search. With the believed incumbent (loss-plan.ts), q = 8 at 64
 * evaluations, seeds 16-31, median log10 regret Hartmann6 -3.18 at 1/8, -2.60 at 1/4, -1.98 at
 * full search; mixed Hartmann -0.91, -0.93, -0.93 (means -1.59, -1.46, -1.44): a follower's
 * point sits near the round's earlier points, which a small search around them finds (see
 * followerCentres).
 */
const BATCH_TAIL_SEARCH = 0.125;

/**
 * How Thompson sampling ('ts') searches its sample path, against log-EI's search: 1/8 of the Sobol
 * candidates, twice the incumbent perturbations, at scales 0.01-0.3 of the unit cube, each moving
 * about 3 of the continuous parameters, as TuRBO's and BoTorch's Thompson candidate sets perturb a
 * subset of the incumbents' coordinates; the local searches on the path stay within `refineReach`
 * length scales of their start (see the last NOTE). NOTE: stepping integers near the incumbent
 * instead of redrawing them was tried and not kept: mixed Hartmann (16 seeds 0-15, median / mean
 * at 60) -0.84 / -1.51 against -1.92 / -2.13 redrawn (before this search: -1.97 / -2.26).
 * NOTE (the cause of TS's weakness in 7-20 dimensions): a sample path's values in the unexplored
 * bulk of the cube are nearly independent draws around the prior mean, so the best of 1,024 global
 * candidates is a deep but spurious dip more often the higher the dimension. Measured on levy8
 * (seed 16, 51 model-guided trials): all 51 lay more than 0.5 (unit-cube distance) from the best
 * point and 37 on two or more bounds; with this search 41 and 29 (seed 17: 31 / 16 -> 27 / 18).
 * The global share keeps exploration (a real dip still wins) while most of the path is searched
 * where the data inform it. The same search serves multi-objective TS (Chebyshev of paths).
 * Measured (gp-ts, median / mean log10 regret at 60, before -> after), seeds 16-23: levy8 1.05 /
 * 0.95 -> 0.87 / 0.76, Hartmann6 -3.48 / -2.70 -> -3.71 / -3.08; seeds 0-15: levy8 1.18 / 1.08 ->
 * 1.14 / 1.06, Hartmann6 -1.79 / -2.20 -> -2.50 / -2.35, Branin -4.13 / -4.12 -> -4.37 / -4.45.
 * NOTE (why TS still made no progress in 20-D: the refinement, not the candidates): the path's
 * local searches (L-BFGS) moved every coordinate across the whole cube. A draw's slope along
 * feature i is about N(0, (5/3) s2 / l_i^2), so its steepest fall grows like sqrt(d): traced on
 * rastrigin20 (seed 16, asks at n = 10-40), the best candidate's path value lay 1.7-3.2 posterior
 * sds below the posterior mean, 0.4-0.7 (unit cube) from the incumbent; after L-BFGS 5.8-6.8 sds
 * below, 1.5-2.4 away, with 3-11 of the 20 coordinates on a bound, and a loss near random search's.
 * Not the Fourier approximation: with 2,048 or 8,192 features instead of 512 the refined points
 * lay as deep (5.4-6.9 sds). So a refinement moves each of the m parameters it refines by at most
 * refineReach length scales / m (RefineReach: inside that box a draw's slope can lower it by about
 * one prior sd whatever m). Measured (gp-ts, median / mean / worst log10 regret at 60, before ->
 * after), seeds 0-15: rastrigin20 2.50 / 2.49 / 2.54 -> 2.42 / 2.42 / 2.49 (random 2.43 / 2.43 /
 * 2.48), ackley10 0.56 / 0.56 / 0.66 -> 0.48 / 0.48 / 0.68, levy8 1.14 / 1.06 / 1.42 -> 1.03 /
 * 1.04 / 1.42 (these three "before" from the README's earlier runs), Hartmann6 -2.50 / -2.35 /
 * -0.91 -> -3.26 / -2.52 / -0.92, mixed Hartmann -1.92 / -2.13 / 0.04 -> -1.69 / -2.22 / -0.29,
 * Rosenbrock4 1.34 / 1.43 / 2.23 -> 1.37 / 1.36 / 2.03, Ackley5 -0.17 / -0.14 / 0.14 -> -0.05 /
 * -0.07 / 0.28 (a cost), branin_fail -4.58 / -4.33 / -0.33 -> -4.58 / -4.35 / -0.64 (a cost in
 * its worst seed), Branin unchanged; seeds 16-31: rastrigin20 2.47 / 2.46 / 2.53 -> 2.41 /
 * 2.41 / 2.49; seeds 0-7, outside the table: rosenbrock20 5.75 / 5.74 / 5.93 -> 4.94 / 4.96 /
 * 5.23, sum_squares20 3.52 / 3.51 / 3.76 -> 2.99 / 2.99 / 3.23.
 */
const THOMPSON_SEARCH = { globalShare: 1 / 8, perturbationFactor: 2, perturbationSds: [0.01, 0.03, 0.1, 0.3], coordinatesMoved: 3, refineReach: 1 };

/** Training-set size past which the acquisition search is halved (see searchSettings). */
const LARGE_TRAINING_SET = 100;

/**
 * How hard to search the acquisition, and around which points. Past LARGE_TRAINING_SET training
 * points every evaluation costs O(n^2), so the search halves its candidates and local searches
 * there. The points of a batch after its first (`chosen`: the unit points of the round's points
 * so far, in order) search less (BATCH_TAIL_SEARCH), around those points as well as the best
 * trials (followerCentres). Thompson sampling shifts the candidates from the global Sobol set
 * to the incumbents' neighbourhoods and bounds its refinements (THOMPSON_SEARCH). `options`: the
 * study's GP options (candidates: Sobol candidates of a full search).
 */
export function searchSettings(options: Pick<GpOptions, 'candidates' | 'acquisition'>, plan: SearchPlan, shouldStop: () => boolean, chosen: readonly Float64Array[]): AcquisitionSearch {
  const batchTail = chosen.length > 0;
  const large = plan.trainSize > LARGE_TRAINING_SET;
  const tail = (n: number): number => (batchTail ? Math.max(1, Math.ceil(n * BATCH_TAIL_SEARCH)) : n);
  const sobol = large ? Math.ceil(options.candidates / 2) : options.candidates;
  const perturbations = large ? 20 : 40;
  const thompson = options.acquisition === 'ts' ? THOMPSON_SEARCH : null;
  return {
    sobolCandidates: tail(thompson ? Math.ceil(sobol * thompson.globalShare) : sobol),
    incumbents: batchTail ? followerCentres(chosen, plan.incumbents) : plan.incumbents,
    perturbationsPerIncumbent: tail(thompson ? perturbations * thompson.perturbationFactor : perturbations),
    perturbationSds: thompson?.perturbationSds,
    coordinatesMoved: thompson?.coordinatesMoved,
    localStarts: tail(large ? 4 : 8),
    maxIterations: LOCAL_ITERATIONS,
    refineReach: thompson ? { lengthscales: plan.lengthscales, reach: thompson.refineReach } : undefined,
    shouldStop,
  };
}

/**
 * The points a follower's search perturbs (the incumbents of AcquisitionSearch): the round's chosen
 * points, latest first, then the best trials, as many as the trials alone (the same search cost).
 * NOTE (the cause of the q = 8 gap, traced per round): a follower's search (BATCH_TAIL_SEARCH: a
 * few candidates, one local start) perturbed only the best trials, though the kriging believer
 * had moved the acquisition's best region to the round's chosen points (a point believed at a new
 * incumbent leaves the rest of its neighbourhood as the next best candidates). Hartmann6, q = 8,
 * seeds 16-31, model rounds, followers other than basin escapes: their mean distance to the
 * round's first point 0.32 -> 0.15 (unit cube), the share improving on the best trial before
 * their round 51% -> 68% (seeds 1-4: 43% -> 60%; mixed Hartmann 46% -> 61%). Most of the gain is
 * polishing in the right basin (runs that left the local minimum, median at 64: seeds 0-15
 * -3.53 -> -4.24, sequential -4.23); basin choice moved less (runs held at regret 0.12: seeds
 * 16-31 8 -> 7 of 16, seeds 0-15 6 -> 6, sequential 6 and 6).
 * Measured (q = 8, 64 evaluations, bench:load's median / mean / worst log10 regret, before ->
 * after): seeds 16-31 Hartmann6 -2.88 / -2.22 / -0.35 -> -3.11 / -2.54 / -0.92, mixed Hartmann
 * -0.93 / -1.64 / -0.40 -> -1.28 / -2.07 / -0.86; seeds 0-15 Hartmann6 -3.24 / -2.57 / -0.91 ->
 * -3.49 / -2.86 / -0.92, mixed Hartmann -2.00 / -2.06 / -0.79 -> -3.09 / -2.47 / -0.91. CPU of 16
 * runs unchanged within the noise (Hartmann6 7.2 / 7.4 s -> 7.6 / 7.5 s); bench round-cost, n =
 * 300, 3 rounds of 32, back to back twice: 2,454 / 2,514 -> 2,302 / 2,144 ms. 32 workers simulated
 * (bench:load `--model-phases simulated`, Hartmann6 at 300), seeds 0-11: median / mean / worst
 * -5.38 / -4.88 / -0.92 -> -5.06 / -4.77 / -1.93, each seed flipping between the local minimum
 * and a polished optimum (seeds 0-3 -0.92 -5.38 -5.15 -5.64 -> -3.44 -5.23 -4.93 -3.89).
 * Not kept: at most half of the centres for the chosen points (q = 8, seeds 16-31, Hartmann6
 * -2.89 / -2.32, mixed -0.93 / -1.82); the best trial first, then the chosen points (-3.47 /
 * -2.57 and -0.93 / -1.77; simulated seeds 0-11 -5.15 / -4.60 / -1.12).
 */
function followerCentres(chosen: readonly Float64Array[], incumbents: readonly Float64Array[]): Float64Array[] {
  return [...chosen.slice().reverse(), ...incumbents].slice(0, incumbents.length);
}

/**
 * Milliseconds a round's later point is expected to take for its plain search: the mean of the
 * followers' so far (`ms` holds the first point's, then the followers'), or the first point's
 * while none is measured (an upper bound: a follower searches less, see BATCH_TAIL_SEARCH).
 */
export function followerMs(ms: readonly number[]): number {
  const measured = ms.length > 1 ? ms.slice(1) : ms;
  return measured.reduce((a, b) => a + b, 0) / measured.length;
}

/**
 * Whether a point's ask can afford another acquisition search (a round of boundary slopes, or a
 * search beyond a converged basin): only while the elapsed milliseconds plus `needMs` (what the
 * point's first search took, and the plain searches of the round's points still to draw) stay
 * within `limitMs` (SEARCH_SHARE of the refinement budget, SamplerInput.budget.refineMs).
 * `declined()` says whether one was refused, which the reason names as a cut search.
 * NOTE: these searches are refinements; without the check an 80-parameter study at 1,200 trials
 * (screening alone about 1.5 s a search) ran past every ask's 2 s deadline, so each ask fell back
 * to random points and the model never answered.
 * NOTE (the round's reserve and first fallback, issue 11): a round of many asks (32 workers) drew
 * its points in turn with every refinement its early points could afford before the LATEST ask's
 * deadline, so the round outlasted its first asks, which took random fallbacks ("the model was not
 * ready in time"; 78.6% of asks answered by the model at 1,000 trials). Now refinements give way
 * first: each keeps time for the plain searches of the points still to draw, before the round's
 * first fallback. A sequential ask (one point, one ask) is bounded as before.
 */
export function affordability(elapsedMs: () => number, needMs: number, limitMs: number): { another: () => boolean; declined: () => boolean } {
  let declined = false;
  return {
    another: () => {
      const ok = elapsedMs() + needMs <= limitMs;
      declined ||= !ok;
      return ok;
    },
    declined: () => declined,
  };
}

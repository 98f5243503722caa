import type { Acquisition } from '../../core/acquisition/acquisition';
import type { FeatureRegion } from '../../core/acquisition/excluded-regions';
import type { FeatureEncoder } from '../../core/gp/encoding';
import type { GaussianProcess } from '../../core/gp/gaussian-process';
import type { SlopeSite } from '../../core/gp/virtual-slopes';
import type { ScoredPoint } from '../../core/optimize/optimize-acquisition';
import type { Rng } from '../../core/rng';
import type { Params } from '../../domain/space';
import type { SuggestionReason } from '../../domain/trial';
import type { GpModel } from './model';

/**
 * What the gp sampler's search loop needs of the fitted models of one ask, whatever the study's
 * outcomes: one loss (loss-plan.ts) or several objectives and constraints (outcome-plan.ts).
 * Stateful: `condition` adds a chosen point (kriging believer) before the next acquisition.
 */
export interface SearchPlan {
  encoder: FeatureEncoder;
  /** Size of the largest training set among the models (the search is cheaper past a size). */
  trainSize: number;
  /** Length scale of each feature (unit-feature widths): the shortest over the plan's models. */
  lengthscales: Float64Array;
  /** Unit points of the best training trials, best first, for the search to perturb. */
  incumbents: Float64Array[];
  /** Whether two feature points are one point to every model of the plan (see noiseResolution). */
  indistinct(a: Float64Array, b: Float64Array): boolean;
  /** Set when the deadline cut a hyperparameter fit short. */
  fitCutShort: boolean;
  /** The acquisition for the next point and the name its reason records. */
  acquisition(rng: Rng): { acquisition: Acquisition; reason: string };
  /** Conditions the models on a point (pending or chosen) at their posterior means. */
  condition(points: Params[]): void;
  /**
   * When the acquisition's best point `top` only polishes a converged basin (see basin-escape.ts),
   * that basin's region and the acquisition beyond it and beyond the `regions` already left (with
   * the unit points of the best training trials outside them, best first, and that acquisition
   * conditioned on virtual slopes as slopeConditioned does); otherwise null. Absent for plans that
   * do not search beyond basins.
   */
  beyond?(top: ScoredPoint, regions: readonly FeatureRegion[], rng: Rng): { region: FeatureRegion; acquisition: Acquisition; incumbents: Float64Array[]; slopeConditioned: SlopeConditioning } | null;
  /**
   * The acquisition on the posterior further conditioned on virtual slope sites at bounds (see
   * core/gp/virtual-slopes.ts) and how many of the sites it kept. Absent for plans that do not
   * correct their acquisition at the bounds.
   */
  slopeConditioned?: SlopeConditioning;
  /** The reason of a chosen point (strategy, acquisition, predictions; no fallback). */
  reason(choice: ScoredPoint, acquisition: string): SuggestionReason;
}

/** An acquisition on a posterior conditioned on virtual slope sites, and how many sites it kept. */
export type SlopeConditioning = (sites: readonly SlopeSite[], rng: Rng) => { acquisition: Acquisition; kept: number };

/** The GP conditioned on extra points at its own posterior mean (kriging believer). */
export function fantasize(model: GpModel, gp: GaussianProcess, points: Params[]): GaussianProcess {
  if (points.length === 0) return gp;
  const d = model.encoder.dim;
  const X = new Float64Array(points.length * d);
  const y = points.map((p, i) => {
    const f = model.encoder.encode(p, X.subarray(i * d, (i + 1) * d));
    return gp.predict(f).mean;
  });
  return gp.withObservations(X, y);
}

/** Length scale of each feature of the GPs (unit-feature widths): the shortest over them. */
export function featureLengthscales(gps: GaussianProcess[]): Float64Array {
  const out = new Float64Array((gps[0] as GaussianProcess).weights.length).fill(Infinity);
  for (const gp of gps) gp.weights.forEach((w, f) => (out[f] = Math.min(out[f] as number, 1 / Math.sqrt(w))));
  return out;
}

/**
 * Whether two feature points (encoder features) are closer than each GP can resolve: in every
 * GP's kernel distance r (r^2 = sum_f w_f (a_f - b_f)^2), the root-mean-square change of f between
 * them, sqrt(5 / 3) sd_f r for small r under Matern-5/2 (k(r) ~ s2 (1 - 5 r^2 / 6)), is below the
 * fitted noise sd. A batch point or a point asked while others are pending keeps this far from
 * them. So the spacing follows the model: a noisy objective keeps a batch from stacking
 * configurations the model's smoothness says differ by less than the noise, while a noise-free
 * one (the noise floor) lets points of a round polish as close as a sequential run would. The
 * change is the prior's typical one; next to an optimum, where f is flat, points further apart
 * can be just as alike, so this radius never refuses a point the noise would let the model tell
 * apart. Unitless: length scales, and the noise against the kernel variance.
 * NOTE: it was a fixed 0.005 sqrt(d) in the unit cube, coarser than a polished optimum: a pending
 * point near the optimum kept every other ask of a 32-worker study at least 0.012 away
 * (Hartmann6), so the polish advanced about once per round. 32 simulated workers, Hartmann6 at
 * 300, median / mean / worst log10 regret, seeds 0-7: -4.80 / -4.72 / -3.06 fixed, -6.24 / -5.95
 * / -3.98 now (sequential: -6.36); held-out seeds 8-15: -4.55 / -4.86 / -4.21 fixed, -5.75 /
 * -5.43 / -3.90 now. Rosenbrock4 with 32 workers lost about 0.3 (README, "The spacing of a
 * round's points follows the fitted noise").
 */
export function noiseResolution(gps: readonly GaussianProcess[]): (a: Float64Array, b: Float64Array) => boolean {
  const radii2 = gps.map((gp) => (3 / 5) * (gp.noise / gp.outputScale));
  return (a, b) =>
    gps.every((gp, g) => {
      let r2 = 0;
      for (let f = 0; f < a.length; f++) r2 += (gp.weights[f] as number) * ((a[f] as number) - (b[f] as number)) ** 2;
      return r2 <= (radii2[g] as number);
    });
}

/** Unit points of the `k` best training trials of a model, best first. */
export function modelIncumbents(model: GpModel, k: number): Float64Array[] {
  return model.train
    .map((t, i) => ({ t, y: model.gp.data.y[i] as number }))
    .sort((a, b) => a.y - b.y)
    .slice(0, k)
    .map(({ t }) => model.encoder.toUnitPoint(t.params));
}

/**
 * The EI incumbent once believed values (fantasies at the posterior mean) join the data: the lower
 * of the incumbent and the believed values, in standardised target units.
 * NOTE: the kriging believer treats a fantasy as observed, so it must also move the incumbent.
 * Left at the observed best, a chosen point whose mean is below it keeps EI ~ (best - mean) at zero
 * variance, and its neighbours stay the best candidates: batches of 8 collapsed onto one basin
 * (Hartmann6, q = 8, 64 evaluations). The constrained and several-objective plans (outcome-plan.ts)
 * apply the same rule to their believed-feasible points.
 */
export function believedIncumbent(best: number, believed: ArrayLike<number>): number {
  let out = best;
  for (let i = 0; i < believed.length; i++) out = Math.min(out, believed[i] as number);
  return out;
}

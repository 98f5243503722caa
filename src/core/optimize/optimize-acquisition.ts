import type { ParamFeatures } from '../gp/encoding';
import { FeatureEncoder } from '../gp/encoding';
import type { Acquisition } from '../acquisition/acquisition';
import type { Rng } from '../rng';
import { SobolSequence } from '../sobol';
import { toUnit } from '../space';
import { own, type Params } from '../../domain/space';
import { minimizeLbfgs } from './lbfgs';

/**
 * Standard deviations (unit-cube widths) of the incumbent perturbations, used in turn. NOTE: the
 * 0.005 scale lets the search polish the incumbent to 1e-4 regret on Branin/Hartmann6; 0.1 reaches
 * the neighbouring basins.
 */
const PERTURBATION_SDS = [0.005, 0.02, 0.1];

/** Settings of one acquisition optimisation. */
export interface AcquisitionSearch {
  /** Scrambled Sobol candidates over the whole space. */
  sobolCandidates: number;
  /** Unit points of the best observed configurations, best first, to perturb. */
  incumbents: Float64Array[];
  /** Perturbations drawn around each incumbent. */
  perturbationsPerIncumbent: number;
  /** Standard deviations (unit-cube widths) of the perturbations, used in turn; default PERTURBATION_SDS. */
  perturbationSds?: readonly number[];
  /**
   * Expected number of continuous parameters a perturbation moves: each with chance min(1, k /
   * their count), at least one. Default: all of them.
   */
  coordinatesMoved?: number;
  /** How many of the best candidates are refined by local search. */
  localStarts: number;
  /** L-BFGS iterations per continuous refinement. */
  maxIterations: number;
  /** Bounds each refinement's moves (see RefineReach); default: the whole range of each feature. */
  refineReach?: RefineReach;
  /** Deadline check: true stops refining (the best so far is returned). */
  shouldStop?: () => boolean;
}

/**
 * A limit on how far a refinement moves from its start: each of the m continuous features it moves
 * by at most `reach * lengthscales[feature] / m` (unit features). NOTE: for a draw of a GP the
 * slope along feature i is about N(0, (5/3) s2 / l_i^2) (Matern-5/2), so the most a move inside
 * this box can lower a draw by its slope is about reach * 1.03 sqrt(s2), whatever m; a box of
 * fixed width lets the draw fall by sqrt(m) times more, and in 20 dimensions a gradient search on
 * one draw rides that slope onto the faces of the cube, far from every data point.
 */
export interface RefineReach {
  /** Length scale of each feature (unit-feature widths). */
  lengthscales: Float64Array;
  /** Length scales a refinement may move in total (spread over the features it moves). */
  reach: number;
}

/** A candidate configuration with its acquisition value. */
export interface ScoredPoint {
  unit: Float64Array;
  params: Params;
  features: Float64Array;
  value: number;
}

/**
 * Maximises an acquisition over the space: scrambled Sobol candidates plus Gaussian perturbations
 * of the incumbents (see perturb: the search's scales in turn, on all or some of the continuous
 * parameters; half of them also redraw one discrete parameter),
 * then, from the `localStarts` best, alternating local searches: L-BFGS on the
 * active continuous features (discrete values held fixed) and neighbour moves on integer (+-1 step)
 * and categorical (every other choice) parameters. Returns the scored points, best first, so a
 * caller can skip points too close to ones it already has; Sobol candidates provably worse than
 * every local-search start may be left out (see startThreshold).
 */
export function optimizeAcquisition(encoder: FeatureEncoder, acquisition: Acquisition, rng: Rng, search: AcquisitionSearch): ScoredPoint[] {
  const units = initialCandidates(encoder, rng, search);
  const sobol = Math.min(search.sobolCandidates, units.length);
  const nearIncumbents = scoreAll(encoder, acquisition, units.slice(sobol));
  const candidates = scoreAll(encoder, acquisition, units.slice(0, sobol), startThreshold(nearIncumbents, search.localStarts)).concat(nearIncumbents);
  candidates.sort((a, b) => b.value - a.value);
  const refined: ScoredPoint[] = [];
  for (const start of candidates.slice(0, search.localStarts)) {
    if (refined.length > 0 && search.shouldStop?.()) break;
    refined.push(localSearch(encoder, acquisition, start, search));
  }
  return [...refined, ...candidates].filter((p) => Number.isFinite(p.value)).sort((a, b) => b.value - a.value);
}

/**
 * The `starts`-th best value among scored points (undefined when there are fewer). NOTE: a Sobol
 * candidate below it cannot be among the local-search starts, so its exact value is not needed:
 * the acquisition may skip it (see Acquisition.values). That spares most of the screening's
 * triangular solves once the incumbents' neighbourhoods dominate (measured at n = 200: 480-512 of
 * the 512 Sobol candidates skipped on Hartmann6, 90-500 on Ackley5).
 */
function startThreshold(scored: ScoredPoint[], starts: number): number | undefined {
  const values = scored.map((p) => p.value).filter(Number.isFinite).sort((a, b) => b - a);
  return starts > 0 && values.length >= starts ? values[starts - 1] : undefined;
}

function scoreAll(encoder: FeatureEncoder, acquisition: Acquisition, units: Float64Array[], floor?: number): ScoredPoint[] {
  const params = units.map((u) => encoder.decode(u));
  const features = params.map((p) => encoder.encode(p));
  const values = acquisition.values(features, floor);
  return units.map((unit, i) => ({ unit, params: params[i] as Params, features: features[i] as Float64Array, value: values[i] as number }));
}

function score(encoder: FeatureEncoder, acquisition: Acquisition, unit: Float64Array): ScoredPoint {
  const params = encoder.decode(unit);
  const features = encoder.encode(params);
  return { unit, params, features, value: acquisition.value(features) };
}

/**
 * The candidates a search would screen (its scrambled Sobol points, then each incumbent and its
 * perturbations, see optimizeAcquisition), decoded and encoded, without their values.
 */
export function searchCandidates(encoder: FeatureEncoder, rng: Rng, search: Pick<AcquisitionSearch, 'sobolCandidates' | 'incumbents' | 'perturbationsPerIncumbent' | 'perturbationSds' | 'coordinatesMoved'>): Omit<ScoredPoint, 'value'>[] {
  return initialCandidates(encoder, rng, search).map((unit) => {
    const params = encoder.decode(unit);
    return { unit, params, features: encoder.encode(params) };
  });
}

function initialCandidates(encoder: FeatureEncoder, rng: Rng, search: Pick<AcquisitionSearch, 'sobolCandidates' | 'incumbents' | 'perturbationsPerIncumbent' | 'perturbationSds' | 'coordinatesMoved'>): Float64Array[] {
  const dim = encoder.order.length;
  const out: Float64Array[] = [];
  const sobol = new SobolSequence(dim, rng.nextUint32());
  for (let i = 0; i < search.sobolCandidates; i++) out.push(sobol.next());
  const sds = search.perturbationSds ?? PERTURBATION_SDS;
  for (const base of search.incumbents) {
    out.push(Float64Array.from(base));
    for (let k = 0; k < search.perturbationsPerIncumbent; k++) out.push(perturb(encoder, base, rng, sds[k % sds.length] as number, search));
  }
  return out;
}

/**
 * One perturbation of an incumbent's unit point: a Gaussian step of sd on the continuous
 * parameters it moves (see AcquisitionSearch.coordinatesMoved), and, half of the time or when all
 * parameters are discrete, a uniform redraw of one discrete parameter.
 */
function perturb(encoder: FeatureEncoder, base: Float64Array, rng: Rng, sd: number, search: Pick<AcquisitionSearch, 'coordinatesMoved'>): Float64Array {
  const u = Float64Array.from(base);
  const discrete = encoder.params.filter((p) => p.kind !== 'continuous');
  const continuous = encoder.params.filter((p) => p.kind === 'continuous');
  const share = search.coordinatesMoved === undefined ? 1 : search.coordinatesMoved / Math.max(1, continuous.length);
  const moved = share >= 1 ? continuous : continuous.filter(() => rng.next() < share);
  if (moved.length === 0 && continuous.length > 0) moved.push(rng.pick(continuous));
  for (const p of moved) u[p.unitIndex] = clamp01((u[p.unitIndex] as number) + sd * rng.normal());
  if (discrete.length > 0 && (rng.next() < 0.5 || discrete.length === encoder.params.length)) {
    const p = rng.pick(discrete);
    u[p.unitIndex] = rng.next();
  }
  return u;
}

function localSearch(encoder: FeatureEncoder, acquisition: Acquisition, start: ScoredPoint, search: AcquisitionSearch): ScoredPoint {
  let best = start;
  for (let round = 0; round < 3; round++) {
    const continuous = refineContinuous(encoder, acquisition, best, search, start.features);
    const discrete = neighbourMoves(encoder, acquisition, continuous);
    const improved = discrete.value > best.value + 1e-12;
    best = discrete.value >= best.value ? discrete : best;
    if (!improved || search.shouldStop?.()) break;
  }
  return best;
}

/** Discrete numeric parameters with more levels than this are also moved by the gradient search. */
const RELAXED_LEVELS = 8;

/**
 * Parameters the gradient search moves: active, parent to no condition (so moves keep the
 * structure), and continuous or numeric with many levels. NOTE: those integers are relaxed to their
 * unit coordinate during L-BFGS and snapped to the nearest cell afterwards; +-1 neighbour moves
 * alone crawl across a range of 20 or more values.
 */
function movableContinuous(encoder: FeatureEncoder, params: Params): ParamFeatures[] {
  const parents = new Set(encoder.params.map((p) => p.spec.condition?.parent));
  const movable = (p: ParamFeatures): boolean => p.kind === 'continuous' || (p.kind === 'discrete' && FeatureEncoder.levels(p.spec) > RELAXED_LEVELS);
  return encoder.params.filter((p) => movable(p) && own(params, p.name) !== undefined && !parents.has(p.name));
}

/** L-BFGS on the movable continuous features of a point, within search.refineReach of `origin` (the local search's start). */
function refineContinuous(encoder: FeatureEncoder, acquisition: Acquisition, point: ScoredPoint, search: AcquisitionSearch, origin: Float64Array): ScoredPoint {
  const dims = movableContinuous(encoder, point.params);
  if (dims.length === 0) return point;
  const features = Float64Array.from(point.features);
  const gradFeatures = new Float64Array(encoder.dim);
  const objective = (x: Float64Array, grad: Float64Array): number => {
    dims.forEach((p, k) => (features[p.offset] = x[k] as number));
    const v = acquisition.value(features, gradFeatures);
    dims.forEach((p, k) => (grad[k] = -(gradFeatures[p.offset] as number)));
    return -v;
  };
  const valueOnly = (x: Float64Array): number => {
    dims.forEach((p, k) => (features[p.offset] = x[k] as number));
    return -acquisition.value(features);
  };
  const x0 = Float64Array.from(dims, (p) => point.features[p.offset] as number);
  const value = acquisition.gradientAfterValue ? valueOnly : undefined;
  const limit = search.refineReach;
  const halfWidth = (p: ParamFeatures): number => (limit ? (limit.reach * (limit.lengthscales[p.offset] as number)) / dims.length : Infinity);
  const lower = Float64Array.from(dims, (p) => Math.max(0, (origin[p.offset] as number) - halfWidth(p)));
  const upper = Float64Array.from(dims, (p) => Math.min(1, (origin[p.offset] as number) + halfWidth(p)));
  const run = minimizeLbfgs(objective, x0, { lower, upper, maxIterations: search.maxIterations, shouldStop: search.shouldStop, value });
  const unit = Float64Array.from(point.unit);
  dims.forEach((p, k) => (unit[p.unitIndex] = run.x[k] as number));
  const moved = score(encoder, acquisition, unit);
  return moved.value >= point.value ? moved : point;
}

function neighbourMoves(encoder: FeatureEncoder, acquisition: Acquisition, point: ScoredPoint): ScoredPoint {
  let best = point;
  for (const p of encoder.params) {
    const value = own(point.params, p.name);
    if (p.kind === 'continuous' || value === undefined) continue;
    for (const unitValue of neighbourUnits(p, value)) {
      const unit = Float64Array.from(point.unit);
      unit[p.unitIndex] = unitValue;
      const cand = score(encoder, acquisition, unit);
      if (cand.value > best.value) best = cand;
    }
  }
  return best;
}

function neighbourUnits(p: ParamFeatures, value: Params[string]): number[] {
  const spec = p.spec;
  if (spec.type === 'categorical') {
    const others = spec.choices.filter((c) => c !== value);
    return others.slice(0, 32).map((c) => toUnit(spec, c));
  }
  const step = spec.step ?? 1;
  const out: number[] = [];
  for (const delta of [-step, step]) {
    const v = (value as number) + delta;
    if (v >= spec.low && v <= spec.high) out.push(toUnit(spec, v));
  }
  return out;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

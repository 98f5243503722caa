import type { ParamSpec, SearchSpace } from '../../domain/space';
import type { Rng } from '../../core/rng';
import { parameterOrder } from '../../core/space';
import { perturbCoordinate, reflectIntoUnit } from '../common/unit-point';

/** A population member: unit coordinates in parameterOrder (NaN where inactive) and its loss. */
export interface Member {
  unit: Float64Array;
  loss: number;
}

/** Whether `a` wins a tournament against `b` (strictly better: a tie keeps the earlier draw). */
export type Better<M extends Member> = (a: M, b: M) => boolean;

/** The single-objective rule: the lower loss wins. */
export const lowerLoss: Better<Member> = (a, b) => a.loss < b.loss;

/**
 * Tournament selection: the best of `size` members drawn with replacement under `better` (by
 * default the lowest loss); the first drawn wins ties.
 */
export function tournament<M extends Member>(pool: readonly M[], size: number, rng: Rng, better: Better<M> = lowerLoss): M {
  let best = rng.pick(pool);
  for (let i = 1; i < size; i++) {
    const challenger = rng.pick(pool);
    if (better(challenger, best)) best = challenger;
  }
  return best;
}

/**
 * Crosses two parents gene by gene. A gene active in one parent only is taken from that parent and
 * a gene active in neither stays NaN (filled from the prior later), so a child never invents a
 * value for a parameter its parents' choices switched off. Blend: BLX-alpha for numbers (uniform on
 * the parents' interval widened by alpha on each side, reflected into [0, 1]); choices and the
 * 'uniform' scheme take each gene from either parent with probability 1/2.
 */
export function crossover(space: SearchSpace, a: Float64Array, b: Float64Array, scheme: 'blend' | 'uniform', alpha: number, rng: Rng): Float64Array {
  const order = parameterOrder(space);
  return a.map((x, j) => {
    const y = b[j] as number;
    if (Number.isNaN(x)) return y;
    if (Number.isNaN(y)) return x;
    const spec = space[order[j] as string] as ParamSpec;
    if (scheme === 'uniform' || spec.type === 'categorical') return rng.next() < 0.5 ? x : y;
    const low = Math.min(x, y);
    const width = Math.abs(x - y);
    return reflectIntoUnit(rng.uniform(low - alpha * width, low + (1 + alpha) * width));
  });
}

/**
 * Mutates each gene with probability `rate` (at least one gene when `force`): a Gaussian step of
 * `sigmas[j]` in the unit cube, at least one step for discrete numbers, another choice for
 * categoricals (see perturbCoordinate). NaN genes (inactive) are left for the prior fill.
 */
export function mutate(space: SearchSpace, unit: Float64Array, rate: number, sigmas: Float64Array, force: boolean, rng: Rng): Float64Array {
  const order = parameterOrder(space);
  const out = unit.slice();
  const active = order.map((_, j) => j).filter((j) => !Number.isNaN(out[j] as number));
  let mutated = 0;
  for (const j of active) {
    if (rng.next() >= rate) continue;
    out[j] = perturbCoordinate(space[order[j] as string] as ParamSpec, out[j] as number, sigmas[j] as number, rng);
    mutated++;
  }
  if (force && mutated === 0 && active.length > 0) {
    const j = rng.pick(active);
    out[j] = perturbCoordinate(space[order[j] as string] as ParamSpec, out[j] as number, sigmas[j] as number, rng);
  }
  return out;
}

/**
 * Per-gene mutation steps: the population's standard deviation in that gene times `scale`,
 * clipped to [0.005, 0.5]. NOTE: tying the step to the spread shrinks mutations as the population
 * converges (a self-adapting step, as in differential evolution) without any state between asks.
 */
export function mutationSigmas(pool: readonly Member[], dims: number, scale: number): Float64Array {
  return Float64Array.from({ length: dims }, (_, j) => {
    const xs = pool.map((m) => m.unit[j] as number).filter((x) => !Number.isNaN(x));
    if (xs.length < 2) return 0.5;
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    return Math.min(0.5, Math.max(0.005, scale * sd));
  });
}

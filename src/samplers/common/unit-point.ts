import type { ParamSpec } from '../../domain/space';
import type { Rng } from '../../core/rng';
import { cardinality, fromUnit, toUnit } from '../../core/space';

/** Folds x back into [0, 1] by mirror reflection at the borders (keeps a Gaussian step local). */
export function reflectIntoUnit(x: number): number {
  if (!Number.isFinite(x)) return 0.5;
  if (x >= 0 && x <= 1) return x;
  const period = ((x % 2) + 2) % 2;
  return period <= 1 ? period : 2 - period;
}

/**
 * Moves one coordinate of a parameter by a Gaussian step of `sigma` (unit-cube scale). Discrete
 * numeric parameters move at least one step (so a small sigma never stalls on the same integer);
 * categoricals jump to another choice, uniformly.
 * @returns the new unit coordinate in [0, 1]
 */
export function perturbCoordinate(spec: ParamSpec, u: number, sigma: number, rng: Rng): number {
  const n = cardinality(spec);
  if (spec.type === 'categorical') {
    if (n === 1) return u;
    const current = Math.min(n - 1, Math.floor(u * n));
    const other = (current + 1 + rng.int(n - 1)) % n;
    return (other + 0.5) / n;
  }
  const moved = reflectIntoUnit(u + sigma * rng.normal());
  if (n === Infinity || n === 1 || fromUnit(spec, moved) !== fromUnit(spec, u)) return moved;
  return stepOnce(spec, u, rng);
}

/** The unit coordinate of the neighbouring grid value (one step up or down, inside the range). */
function stepOnce(spec: ParamSpec & { type: 'float' | 'int' }, u: number, rng: Rng): number {
  const value = fromUnit(spec, u) as number;
  const step = spec.step ?? 1;
  let direction = rng.next() < 0.5 ? -1 : 1;
  if (value + direction * step > spec.high + 1e-12 || value + direction * step < spec.low - 1e-12) direction = -direction;
  return toUnit(spec, value + direction * step);
}

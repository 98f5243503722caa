import { fromUnit } from '../core/space';
import { DomainError } from '../domain/errors';
import { own, type ParamSpec, type Params, type SearchSpace } from '../domain/space';
import type { ModelSummary } from '../samplers/gp/model-summary';

/** The posterior-mean grid of GET /model: mean[j][i] is the mean at (x[i], y[j]), in objective units. */
export interface Contour {
  x_param: string;
  y_param: string;
  x: number[];
  y: number[];
  mean: number[][];
}

/** The two numeric parameters a contour spans. */
export interface ContourAxes {
  x: string;
  y: string;
}

/**
 * Checks the `x` / `y` query: both absent (no contour) or two different numeric parameters of
 * the space. Throws DomainError('invalid_request') naming the offending query field.
 */
export function contourAxes(space: SearchSpace, x: unknown, y: unknown): ContourAxes | null {
  if (x === undefined && y === undefined) return null;
  for (const [field, name] of [['x', x], ['y', y]] as const) {
    const spec = typeof name === 'string' ? own(space, name) : undefined;
    if (!spec || spec.type === 'categorical') {
      throw new DomainError('invalid_request', `${field} must name a float or int parameter of the study`, field);
    }
  }
  if (x === y) throw new DomainError('invalid_request', 'x and y must be two different parameters', 'y');
  return { x: x as string, y: y as string };
}

/**
 * At most `resolution` values spanning a numeric parameter (log-spaced for log parameters;
 * each distinct value once for ints and stepped floats with fewer values than that).
 */
export function gridValues(spec: ParamSpec, resolution: number): number[] {
  const values = new Set<number>();
  for (let i = 0; i < resolution; i++) values.add(fromUnit(spec, i / (resolution - 1)) as number);
  return [...values].sort((a, b) => a - b);
}

/**
 * The posterior mean over the x-y grid (at most `resolution` values a side) with every other
 * parameter fixed at `base` (the best trial's params). `sign` turns the model's loss back into the
 * objective (-1 for maximize).
 */
export function contourOf(summary: ModelSummary, space: SearchSpace, grid: { axes: ContourAxes; base: Params; resolution: number; sign: number }): Contour {
  const { axes, base, resolution, sign } = grid;
  const xs = gridValues(space[axes.x] as ParamSpec, resolution);
  const ys = gridValues(space[axes.y] as ParamSpec, resolution);
  const points: Params[] = [];
  for (const yv of ys) for (const xv of xs) points.push({ ...base, [axes.x]: xv, [axes.y]: yv });
  const { mean } = summary.predict(points);
  const rows = ys.map((_, j) => xs.map((__, i) => sign * (mean[j * xs.length + i] as number)));
  return { x_param: axes.x, y_param: axes.y, x: xs, y: ys, mean: rows };
}

import type { ParamSpec, ParamValue } from '../../domain/space';
import { cardinality, snapToStep } from '../../core/space';

/**
 * The values one parameter takes on the grid, indexable without being materialised (an int on
 * [0, 1e9] is a list of 1e9 + 1 values that is never built).
 */
export interface ValueList {
  readonly size: bigint;
  /** The value at index k, 0 <= k < size. */
  at(k: bigint): ParamValue;
  /** The index of a value, or -1n when the value is not on this list. */
  indexOf(value: ParamValue): bigint;
}

/** A list given explicitly (categorical choices or the user's `values` option). */
export function explicitValues(values: readonly ParamValue[]): ValueList {
  return {
    size: BigInt(values.length),
    at: (k) => values[Number(k)] as ParamValue,
    indexOf: (value) => BigInt(values.findIndex((v) => v === value)),
  };
}

/** Every value low, low + step, ..., high of an int or stepped float. */
export function steppedValues(spec: ParamSpec & { type: 'float' | 'int' }): ValueList {
  const step = spec.step ?? 1;
  const size = cardinality(spec);
  return {
    size: BigInt(size),
    at: (k) => snapToStep(spec.low + Number(k) * step, spec.low, spec.high, step),
    indexOf: (value) => {
      if (typeof value !== 'number') return -1n;
      const k = Math.round((value - spec.low) / step);
      const onGrid = k >= 0 && k < size && Math.abs(snapToStep(spec.low + k * step, spec.low, spec.high, step) - value) <= 1e-9 * step;
      return onGrid ? BigInt(k) : -1n;
    },
  };
}

/**
 * `points` values spread evenly over a float's range, ends included: linear, or geometric for a
 * log float; a stepped float takes every step when it has at most `points` of them, otherwise
 * `points` of its steps spread evenly.
 */
export function floatValues(spec: ParamSpec & { type: 'float' }, points: number): ValueList {
  if (spec.step !== undefined) {
    const size = cardinality(spec);
    if (size <= points) return steppedValues(spec);
    const step = spec.step;
    return explicitValues(spread(points, (t) => snapToStep(spec.low + Math.round(t * (size - 1)) * step, spec.low, spec.high, step)));
  }
  const lo = spec.log ? Math.log(spec.low) : spec.low;
  const hi = spec.log ? Math.log(spec.high) : spec.high;
  return explicitValues(spread(points, (t) => {
    if (t === 0) return spec.low;
    if (t === 1) return spec.high;
    const x = lo + t * (hi - lo);
    return spec.log ? Math.exp(x) : x;
  }));
}

function spread(points: number, at: (t: number) => number): number[] {
  return Array.from({ length: points }, (_, i) => at(i / (points - 1)));
}

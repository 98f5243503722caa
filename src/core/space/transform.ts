import { own, type ParamSpec, type ParamValue, type Params, type SearchSpace } from '../../domain/space';
import { conditionHolds, parameterOrder } from './order';

/**
 * Number of distinct values a parameter can take, or Infinity for a continuous float.
 * Ints and stepped floats count their grid; categoricals their choices.
 */
export function cardinality(spec: ParamSpec): number {
  if (spec.type === 'categorical') return spec.choices.length;
  if (spec.type === 'float' && spec.step === undefined) return Infinity;
  const step = spec.step ?? 1;
  return Math.round((spec.high - spec.low) / step) + 1;
}

/**
 * Maps a unit coordinate u in [0, 1] to a parameter value. Continuous floats map linearly
 * (or log-linearly with `log`); discrete parameters split [0, 1] into equal cells, one per value
 * (log ints use cells equal in log space), so uniform u gives the usual prior of each type.
 */
export function fromUnit(spec: ParamSpec, u: number): ParamValue {
  const t = Math.min(Math.max(u, 0), 1);
  if (spec.type === 'categorical') return spec.choices[cellIndex(t, spec.choices.length)] as ParamValue;
  if (spec.type === 'float' && spec.step === undefined) {
    // NOTE: the ends are exact on their own: exp(log(low)) can miss low by an ulp, and so can low + (high - low).
    if (t === 0 || t === 1) return t === 0 ? spec.low : spec.high;
    const v = spec.log ? Math.exp(lerp(Math.log(spec.low), Math.log(spec.high), t)) : lerp(spec.low, spec.high, t);
    return clamp(v, spec.low, spec.high);
  }
  if (spec.log) {
    const v = Math.round(Math.exp(lerp(Math.log(spec.low - 0.5), Math.log(spec.high + 0.5), t)));
    return clamp(v, spec.low, spec.high);
  }
  const step = spec.step ?? 1;
  const k = cellIndex(t, cardinality(spec));
  return snapToStep(spec.low + k * step, spec.low, spec.high, step);
}

/** Inverse of fromUnit: the centre of the value's cell for discrete parameters. Throws on a foreign value. */
export function toUnit(spec: ParamSpec, value: ParamValue): number {
  if (spec.type === 'categorical') {
    const i = spec.choices.findIndex((c) => c === value);
    if (i < 0) throw new RangeError(`value ${String(value)} is not a choice`);
    return (i + 0.5) / spec.choices.length;
  }
  const v = value as number;
  if (spec.type === 'float' && spec.step === undefined) {
    if (spec.log) return unitClamp((Math.log(v) - Math.log(spec.low)) / (Math.log(spec.high) - Math.log(spec.low)));
    return unitClamp((v - spec.low) / (spec.high - spec.low));
  }
  if (spec.log) {
    const lo = Math.log(spec.low - 0.5);
    return unitClamp((Math.log(v) - lo) / (Math.log(spec.high + 0.5) - lo));
  }
  const step = spec.step ?? 1;
  const k = Math.round((v - spec.low) / step);
  return (k + 0.5) / cardinality(spec);
}

/**
 * Decodes a point of the unit cube, one coordinate per parameter in parameterOrder(space), into
 * params holding exactly the active parameters (coordinates of inactive ones are ignored).
 * @param unit length = number of parameters
 */
export function decodeUnitPoint(space: SearchSpace, unit: ArrayLike<number>): Params {
  const params: Params = {};
  parameterOrder(space).forEach((name, i) => {
    const spec = space[name] as ParamSpec;
    if (conditionHolds(spec, params)) params[name] = fromUnit(spec, unit[i] ?? 0.5);
  });
  return params;
}

/**
 * Encodes params to the unit cube, one coordinate per parameter in parameterOrder(space). The one
 * rule for inactive parameters (those absent from params): their coordinate is `fillInactive(i)`,
 * asked in parameter order; NaN by default ("no value"). Whatever the fill, decodeUnitPoint gives
 * back exactly params, since it ignores the coordinates of inactive parameters.
 * @returns length = number of parameters; active coordinates in [0, 1]
 */
export function encodeUnitPoint(space: SearchSpace, params: Params, fillInactive: (index: number) => number = () => NaN): Float64Array {
  const order = parameterOrder(space);
  const out = new Float64Array(order.length);
  order.forEach((name, i) => {
    const value = own(params, name);
    out[i] = value === undefined ? fillInactive(i) : toUnit(space[name] as ParamSpec, value);
  });
  return out;
}

/**
 * Rounds v to the nearest low + k * step inside [low, high]. NOTE: low + k * step carries float noise
 * (0.30000000000000004); it is trimmed to 12 significant digits only when that moves the value by
 * less than 1e-11 steps, so the result always stays on the grid validateParams checks.
 */
export function snapToStep(v: number, low: number, high: number, step: number): number {
  const k = Math.round((v - low) / step);
  const snapped = clamp(low + k * step, low, high);
  const trimmed = Number(snapped.toPrecision(12));
  return Math.abs(trimmed - snapped) <= 1e-11 * step && trimmed >= low && trimmed <= high ? trimmed : snapped;
}

function cellIndex(t: number, n: number): number {
  return Math.min(n - 1, Math.floor(t * n));
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

function clamp(v: number, low: number, high: number): number {
  return Math.min(Math.max(v, low), high);
}

function unitClamp(v: number): number {
  return clamp(v, 0, 1);
}

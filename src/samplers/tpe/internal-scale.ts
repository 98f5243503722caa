import type { ParamSpec, ParamValue } from '../../domain/space';
import { snapToStep } from '../../core/space';

/**
 * How TPE sees one numeric parameter: a real coordinate (the value, or its log for log
 * parameters) on [low, high]. Discrete parameters widen the interval by half a step on each side
 * so that their end values get a full cell, and `decode` rounds back onto the grid.
 */
export interface NumericScale {
  kind: 'numeric';
  low: number;
  high: number;
  encode(value: ParamValue): number;
  decode(x: number): ParamValue;
}

/** How TPE sees a categorical parameter: the index of the choice. */
export interface CategoricalScale {
  kind: 'categorical';
  choices: readonly ParamValue[];
  encode(value: ParamValue): number;
}

export type ParamScale = NumericScale | CategoricalScale;

/** The TPE scale of a parameter (see NumericScale / CategoricalScale). */
export function scaleOf(spec: ParamSpec): ParamScale {
  if (spec.type === 'categorical') {
    return { kind: 'categorical', choices: spec.choices, encode: (v) => spec.choices.findIndex((c) => c === v) };
  }
  const clamp = (v: number): number => Math.min(Math.max(v, spec.low), spec.high);
  const discrete = spec.type === 'int' || spec.step !== undefined;
  const half = discrete ? (spec.step ?? 1) / 2 : 0;
  if (spec.log) {
    return {
      kind: 'numeric',
      low: Math.log(spec.low - half),
      high: Math.log(spec.high + half),
      encode: (v) => Math.log(v as number),
      decode: (x) => (discrete ? clamp(Math.round(Math.exp(x))) : clamp(Math.exp(x))),
    };
  }
  const step = spec.step ?? 1;
  return {
    kind: 'numeric',
    low: spec.low - half,
    high: spec.high + half,
    encode: (v) => v as number,
    decode: (x) => (discrete ? snapToStep(x, spec.low, spec.high, step) : clamp(x)),
  };
}

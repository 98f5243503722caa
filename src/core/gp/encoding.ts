import { own, type ParamSpec, type Params, type SearchSpace } from '../../domain/space';
import { cardinality, conditionHolds, fromUnit, parameterOrder, toUnit } from '../space';

/**
 * Features closer than this in every coordinate (max-norm) are the same configuration as far as a
 * model can tell. Integers, stepped floats and categoricals encode cell centres or one-hot values,
 * so they differ by far more or by nothing; for continuous floats it is 1e-6 of the (log) range.
 */
export const FEATURE_RESOLUTION = 1e-6;

/** How one parameter occupies the GP's feature vector. */
export interface ParamFeatures {
  name: string;
  spec: ParamSpec;
  /** Index of the parameter's coordinate in unit points (parameterOrder). */
  unitIndex: number;
  /** First feature index; numeric parameters use 1 feature, categoricals one per choice. */
  offset: number;
  width: number;
  /** 'continuous' for floats without step (gradient moves); 'discrete' for ints and stepped floats. */
  kind: 'continuous' | 'discrete' | 'categorical';
  /** Feature index of the "is active" indicator, or -1 for unconditional parameters. */
  indicator: number;
}

/**
 * The map from params to the GP's input features (a point of [0, 1]^dim):
 * - numeric parameters: their unit coordinate (toUnit: log space for log parameters, cell centres
 *   for integers and stepped floats, so integers stay integers);
 * - categoricals: one-hot over the choices (never ordinal), all features sharing one length scale;
 * - conditional parameters: when inactive, the value features are imputed (0.5 for numbers, all
 *   zeros for one-hot) and an extra indicator feature (1 active / 0 inactive) with its own length
 *   scale carries the activity. NOTE: this is the imputation-plus-indicator scheme (after Levesque
 *   et al. 2017): two configurations that both lack a parameter agree on it exactly, and an active
 *   versus an inactive one differ by a learned, fixed amount, so distances stay meaningful across
 *   branches and the GP shares strength between them instead of falling back to random search.
 * Each length-scale group is one parameter's value features or one indicator.
 */
export class FeatureEncoder {
  readonly order: string[];
  readonly params: ParamFeatures[];
  /** Number of features. */
  readonly dim: number;
  /** Length-scale group of each feature (length dim). */
  readonly groupOf: Int32Array;
  /** Number of length-scale groups (= number of ARD length scales). */
  readonly groups: number;
  /** For each group, the parameter it belongs to. */
  readonly groupParam: string[];

  constructor(readonly space: SearchSpace) {
    this.order = parameterOrder(space);
    this.params = [];
    const groupOf: number[] = [];
    this.groupParam = [];
    this.order.forEach((name, unitIndex) => {
      const spec = space[name] as ParamSpec;
      const width = spec.type === 'categorical' ? spec.choices.length : 1;
      const kind = spec.type === 'categorical' ? 'categorical' : spec.type === 'float' && spec.step === undefined ? 'continuous' : 'discrete';
      const offset = groupOf.length;
      for (let k = 0; k < width; k++) groupOf.push(this.groupParam.length);
      this.groupParam.push(name);
      let indicator = -1;
      if (spec.condition) {
        indicator = groupOf.length;
        groupOf.push(this.groupParam.length);
        this.groupParam.push(name);
      }
      this.params.push({ name, spec, unitIndex, offset, width, kind, indicator });
    });
    this.dim = groupOf.length;
    this.groupOf = Int32Array.from(groupOf);
    this.groups = this.groupParam.length;
  }

  /** Features of params holding the active parameters (as validateParams returns them). */
  encode(params: Params, out: Float64Array = new Float64Array(this.dim)): Float64Array {
    for (const p of this.params) {
      const value = own(params, p.name);
      const active = value !== undefined;
      if (p.indicator >= 0) out[p.indicator] = active ? 1 : 0;
      if (p.spec.type === 'categorical') {
        for (let k = 0; k < p.width; k++) out[p.offset + k] = 0;
        if (active) out[p.offset + p.spec.choices.findIndex((c) => c === value)] = 1;
      } else {
        out[p.offset] = active ? toUnit(p.spec, value) : 0.5;
      }
    }
    return out;
  }

  /** Params of a unit point: the same as decodeUnitPoint, without recomputing the order. */
  decode(unit: ArrayLike<number>): Params {
    const params: Params = {};
    for (const p of this.params) {
      if (conditionHolds(p.spec, params)) params[p.name] = fromUnit(p.spec, unit[p.unitIndex] ?? 0.5);
    }
    return params;
  }

  /** Features of the params a unit point decodes to. */
  encodeUnit(unit: ArrayLike<number>, out?: Float64Array): Float64Array {
    return this.encode(this.decode(unit), out);
  }

  /** Unit point whose decoding is `params` (cell centres; inactive coordinates at 0.5). */
  toUnitPoint(params: Params): Float64Array {
    const u = new Float64Array(this.order.length);
    for (const p of this.params) {
      const value = own(params, p.name);
      u[p.unitIndex] = value === undefined ? 0.5 : toUnit(p.spec, value);
    }
    return u;
  }

  /** Number of values a discrete or categorical parameter takes (Infinity for continuous). */
  static levels(spec: ParamSpec): number {
    return cardinality(spec);
  }
}

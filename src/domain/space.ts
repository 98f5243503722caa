/** A parameter value as it appears in params: floats and ints are numbers, choices keep their JSON type. */
export type ParamValue = number | string | boolean;

/** One configuration: parameter name -> value. Contains exactly the parameters active for it. */
export type Params = Record<string, ParamValue>;

/**
 * Makes a parameter exist only when `parent` currently takes one of `values`.
 * The parent must itself be in the space; conditions may chain (a parent may have its own condition).
 */
export interface Condition {
  parent: string;
  values: ParamValue[];
}

/**
 * A real parameter on [low, high]. With `log`, sampled uniformly in log space (needs low > 0).
 * With `step`, restricted to low + k * step; (high - low) must be a multiple of step.
 */
export interface FloatParam {
  type: 'float';
  low: number;
  high: number;
  log?: boolean;
  step?: number;
  condition?: Condition;
}

/** An integer parameter on [low, high] (both inclusive), optionally log-scaled or stepped. */
export interface IntParam {
  type: 'int';
  low: number;
  high: number;
  log?: boolean;
  step?: number;
  condition?: Condition;
}

/** An unordered choice among distinct JSON scalars. */
export interface CategoricalParam {
  type: 'categorical';
  choices: ParamValue[];
  condition?: Condition;
}

export type ParamSpec = FloatParam | IntParam | CategoricalParam;

/** Parameter name -> spec. Names are unique; the object order is the user's order. */
export type SearchSpace = Record<string, ParamSpec>;

/**
 * Whether a space has a continuous parameter (a float without a step). One without has finitely
 * many configurations, so two independent draws can repeat one by chance; with one, a repeat is
 * all but impossible.
 */
export function hasContinuousParameter(space: SearchSpace): boolean {
  return Object.values(space).some((spec) => spec.type === 'float' && spec.step === undefined);
}

/** Caps that keep one study's cost bounded (docs/reliability.md P7). */
export const SPACE_LIMITS = {
  maxParams: 100,
  maxChoices: 1000,
  maxNameLength: 200,
} as const;

/**
 * `record[key]` when `key` is the record's own property, else undefined. P8: user-chosen names
 * (`constructor`, `toString`, `valueOf`, ...) must never read an Object.prototype member.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Names no parameter, attribute or option key may take: assigning them to a plain object changes its prototype instead. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__']);

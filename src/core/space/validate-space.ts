import { DomainError } from '../../domain/errors';
import { RESERVED_NAMES, SPACE_LIMITS, own, type ParamSpec, type SearchSpace } from '../../domain/space';

/**
 * Checks a search space completely and returns it normalised (no undefined keys, `log` only when
 * true). Throws DomainError('invalid_space', ..., 'space.<name>[.<field>]') naming the first problem.
 * The JSON shape (types of fields) is checked by the OpenAPI schema before this runs; this checks
 * the meaning: ranges, logs, steps, choices, conditions, cycles and caps.
 */
export function validateSpace(space: SearchSpace): SearchSpace {
  const names = Object.keys(space);
  if (names.length === 0) throw bad('space', 'the space has no parameters');
  if (names.length > SPACE_LIMITS.maxParams) {
    throw bad('space', `the space has ${names.length} parameters; at most ${SPACE_LIMITS.maxParams} are allowed`);
  }
  const out: SearchSpace = {};
  for (const name of names) {
    const length = [...name].length;
    if (length === 0 || length > SPACE_LIMITS.maxNameLength) {
      throw bad(`space.${name}`, `parameter names must have 1 to ${SPACE_LIMITS.maxNameLength} characters (code points; got ${length})`);
    }
    if (RESERVED_NAMES.has(name)) throw bad(`space.${name}`, `"${name}" cannot name a parameter`);
    out[name] = checkSpec(name, space[name] as ParamSpec);
  }
  for (const name of names) checkCondition(out, name);
  checkAcyclic(out);
  return out;
}

function checkSpec(name: string, spec: ParamSpec): ParamSpec {
  const at = `space.${name}`;
  if (spec.type === 'categorical') {
    if (spec.choices.length === 0) throw bad(`${at}.choices`, `parameter "${name}" has no choices`);
    if (spec.choices.length > SPACE_LIMITS.maxChoices) {
      throw bad(`${at}.choices`, `parameter "${name}" has ${spec.choices.length} choices; at most ${SPACE_LIMITS.maxChoices} are allowed`);
    }
    const seen = new Set<string>();
    for (const c of spec.choices) {
      const key = `${typeof c}:${String(c)}`;
      if (seen.has(key)) throw bad(`${at}.choices`, `parameter "${name}" lists the choice ${JSON.stringify(c)} twice`);
      if (typeof c === 'number' && !Number.isFinite(c)) throw bad(`${at}.choices`, `parameter "${name}" has a non-finite choice`);
      seen.add(key);
    }
    return withCondition({ type: 'categorical', choices: spec.choices.slice() }, spec);
  }
  const { low, high } = spec;
  if (!Number.isFinite(low)) throw bad(`${at}.low`, `parameter "${name}": low must be a finite number`);
  if (!Number.isFinite(high)) throw bad(`${at}.high`, `parameter "${name}": high must be a finite number`);
  if (spec.type === 'int') {
    if (!Number.isSafeInteger(low)) throw bad(`${at}.low`, `parameter "${name}": low must be an integer within ±(2^53 - 1)`);
    if (!Number.isSafeInteger(high)) throw bad(`${at}.high`, `parameter "${name}": high must be an integer within ±(2^53 - 1)`);
    if (!Number.isSafeInteger(high - low)) throw bad(`${at}.high`, `parameter "${name}": the range [${low}, ${high}] holds more than 2^53 integers`);
  }
  if (!Number.isFinite(high - low)) throw bad(`${at}.high`, `parameter "${name}": the width of [${low}, ${high}] overflows a double`);
  if (low > high || (low === high && spec.type === 'float')) {
    throw bad(`${at}.low`, `parameter "${name}": low (${low}) must be below high (${high})`);
  }
  if (spec.log && low <= 0) throw bad(`${at}.low`, `parameter "${name}": a log-scaled parameter needs low > 0 (got ${low})`);
  if (spec.step !== undefined) {
    if (spec.log) throw bad(`${at}.step`, `parameter "${name}": step cannot be combined with log`);
    checkStep(name, spec);
  }
  const bounds = { low: low + 0, high: high + 0 }; // + 0 turns -0 into 0: bounds then compare and serialise alike
  const out: ParamSpec = spec.type === 'int' ? { type: 'int', ...bounds } : { type: 'float', ...bounds };
  if (spec.log) out.log = true;
  if (spec.step !== undefined) out.step = spec.step;
  return withCondition(out, spec);
}

function checkStep(name: string, spec: ParamSpec & { type: 'float' | 'int' }): void {
  const at = `space.${name}.step`;
  const step = spec.step as number;
  if (!(step > 0) || !Number.isFinite(step)) throw bad(at, `parameter "${name}": step must be a positive number`);
  if (spec.type === 'int' && !Number.isInteger(step)) throw bad(at, `parameter "${name}": an int step must be an integer`);
  const cells = (spec.high - spec.low) / step;
  // NOTE: past 2^53 levels (or a step below the spacing of doubles near the bounds) low + k * step no longer gives distinct values.
  if (!(cells <= MAX_STEP_LEVELS) || step <= Math.max(Math.abs(spec.low), Math.abs(spec.high)) * Number.EPSILON) {
    throw bad(at, `parameter "${name}": step ${step} gives more than 2^53 distinct values on [${spec.low}, ${spec.high}] or is below the precision of doubles there`);
  }
  if (Math.abs(cells - Math.round(cells)) > 1e-9 * Math.max(1, cells)) {
    throw bad(at, `parameter "${name}": step ${step} does not divide the range [${spec.low}, ${spec.high}]`);
  }
}

const MAX_STEP_LEVELS = 2 ** 53;

function withCondition(out: ParamSpec, spec: ParamSpec): ParamSpec {
  if (spec.condition) out.condition = { parent: spec.condition.parent, values: spec.condition.values.slice() };
  return out;
}

function checkCondition(space: SearchSpace, name: string): void {
  const cond = space[name]?.condition;
  if (!cond) return;
  const at = `space.${name}.condition`;
  const parent = own(space, cond.parent);
  if (!parent) throw bad(`${at}.parent`, `parameter "${name}" depends on "${cond.parent}", which is not in the space`);
  if (cond.parent === name) throw bad(`${at}.parent`, `parameter "${name}" cannot depend on itself`);
  if (cond.values.length === 0) throw bad(`${at}.values`, `parameter "${name}": condition values must not be empty`);
  for (const v of cond.values) {
    if (!parentCanTake(parent, v)) {
      throw bad(`${at}.values`, `parameter "${name}": parent "${cond.parent}" can never take the value ${JSON.stringify(v)}`);
    }
  }
}

function parentCanTake(parent: ParamSpec, v: unknown): boolean {
  if (parent.type === 'categorical') return parent.choices.some((c) => c === v);
  if (typeof v !== 'number' || v < parent.low || v > parent.high) return false;
  if (parent.type === 'int' && !Number.isInteger(v)) return false;
  if (parent.step !== undefined) {
    const k = (v - parent.low) / parent.step;
    return Math.abs(k - Math.round(k)) < 1e-9;
  }
  return true;
}

function checkAcyclic(space: SearchSpace): void {
  for (const start of Object.keys(space)) {
    const seen = new Set<string>([start]);
    let cur = space[start]?.condition?.parent;
    while (cur !== undefined) {
      if (seen.has(cur)) throw bad(`space.${start}.condition`, `the conditions of "${start}" form a cycle through "${cur}"`);
      seen.add(cur);
      cur = own(space, cur)?.condition?.parent;
    }
  }
}

function bad(field: string, message: string): DomainError {
  return new DomainError('invalid_space', message, field);
}

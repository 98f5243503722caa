import { DomainError } from '../../domain/errors';
import { own, type ParamSpec, type Params, type SearchSpace } from '../../domain/space';
import { conditionHolds, parameterOrder } from './order';

/**
 * Checks user-given params (enqueued or warm-start trials) against a validated space: exactly the
 * active parameters, each of the right type, in range, on its step, or one of the choices.
 * Throws DomainError('invalid_params', ..., 'params.<name>'). Returns params in parameterOrder.
 */
export function validateParams(space: SearchSpace, params: Params): Params {
  const out: Params = {};
  for (const name of parameterOrder(space)) {
    const spec = space[name] as ParamSpec;
    const active = conditionHolds(spec, out);
    const has = Object.prototype.hasOwnProperty.call(params, name);
    if (active && !has) throw bad(name, `parameter "${name}" is missing`);
    if (!active && has) throw bad(name, `parameter "${name}" is inactive for these values of "${spec.condition?.parent}" and must be left out`);
    if (active) out[name] = checkValue(name, spec, params[name]);
  }
  for (const name of Object.keys(params)) {
    if (own(space, name) === undefined) throw bad(name, `unknown parameter "${name}"`);
  }
  return out;
}

/**
 * Checks the params of a partial enqueue: each given name is a parameter of the space and each value
 * is valid for it; missing and (not yet known to be) inactive ones are left to the caller. Throws
 * DomainError('invalid_params', ..., 'params.<name>').
 */
export function validateFixedParams(space: SearchSpace, params: Params): Params {
  const out: Params = {};
  for (const name of Object.keys(params)) {
    const spec = Object.prototype.hasOwnProperty.call(space, name) ? space[name] : undefined;
    if (spec === undefined) throw bad(name, `unknown parameter "${name}"`);
    out[name] = checkValue(name, spec, params[name]);
  }
  return out;
}

function checkValue(name: string, spec: ParamSpec, value: unknown): Params[string] {
  if (spec.type === 'categorical') {
    const hit = spec.choices.find((c) => c === value);
    if (hit === undefined) throw bad(name, `parameter "${name}": ${JSON.stringify(value)} is not one of ${JSON.stringify(spec.choices)}`);
    return hit;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(name, `parameter "${name}" must be a finite number`);
  if (spec.type === 'int' && !Number.isInteger(value)) throw bad(name, `parameter "${name}" must be an integer (got ${value})`);
  if (value < spec.low || value > spec.high) throw bad(name, `parameter "${name}": ${value} is outside [${spec.low}, ${spec.high}]`);
  if (spec.step !== undefined) {
    const k = (value - spec.low) / spec.step;
    if (Math.abs(k - Math.round(k)) > 1e-9) throw bad(name, `parameter "${name}": ${value} is not on the step ${spec.step} from ${spec.low}`);
  }
  return value;
}

function bad(name: string, message: string): DomainError {
  return new DomainError('invalid_params', message, `params.${name}`);
}

import type { Params, ParamValue } from '../../src/domain/space';

/** Reads parameter `name` as a number; throws naming it when absent or not a number. */
export function numberParam(params: Params, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`parameter "${name}" must be a finite number (got ${JSON.stringify(v)})`);
  return v;
}

/** Reads parameter `name` as one of `allowed`; throws naming it and the allowed values otherwise. */
export function choiceParam<T extends ParamValue>(params: Params, name: string, allowed: readonly T[]): T {
  const v = params[name];
  if (!allowed.includes(v as T)) throw new Error(`parameter "${name}" must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${JSON.stringify(v)})`);
  return v as T;
}

/** Reads a boolean-like choice (true/false or "true"/"false"). */
export function flagParam(params: Params, name: string): boolean {
  return choiceParam<ParamValue>(params, name, [true, false, 'true', 'false']) === true || params[name] === 'true';
}

/** Values "1".."n" for the per-layer conditions: layer k exists when the count is k or more. */
export function countsFrom(k: number, max: number): number[] {
  return Array.from({ length: max - k + 1 }, (_, i) => k + i);
}

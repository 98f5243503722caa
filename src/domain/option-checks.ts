import { DomainError } from './errors';

/** Which configuration an option belongs to: its error code and the field prefix that names it. */
export interface OptionArea {
  code: 'invalid_sampler' | 'invalid_pruner';
  prefix: 'sampler' | 'pruner';
}

/**
 * Reads option `key` as a number in [min, max] (an integer when `integer`), or `dflt` when absent.
 * Throws DomainError(area.code) naming `<area.prefix>.<key>` otherwise.
 */
export function numberOption(area: OptionArea, options: Record<string, unknown>, key: string, dflt: number, min: number, max: number, integer = false): number {
  const v = options[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new DomainError(area.code, `${area.prefix} option "${key}" must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`, `${area.prefix}.${key}`);
  }
  return v;
}

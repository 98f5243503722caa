import { DomainError } from '../domain/errors';

/**
 * Checks for pruner options. Each throws DomainError('invalid_pruner') naming `pruner.<key>`
 * (the HTTP layer answers 400) and returns the default when the option is absent.
 */
export const prunerOption = {
  /** A number in [min, max]; integers only when `integer`. */
  number(options: Record<string, unknown>, key: string, dflt: number, min: number, max: number, integer = false): number {
    const v = options[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new DomainError('invalid_pruner', `pruner option "${key}" must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`, `pruner.${key}`);
    }
    return v;
  },
  /** Rejects keys other than the allowed ones, naming those. */
  onlyKnown(options: Record<string, unknown>, type: string, allowed: readonly string[]): void {
    for (const key of Object.keys(options)) {
      if (!allowed.includes(key)) {
        throw new DomainError('invalid_pruner', `pruner "${type}" has no option "${key}"; it takes ${allowed.join(', ')}`, `pruner.${key}`);
      }
    }
  },
};

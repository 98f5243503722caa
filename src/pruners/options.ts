import { DomainError } from '../domain/errors';
import { numberOption } from '../domain/option-checks';

/**
 * Checks for pruner options. Each throws DomainError('invalid_pruner') naming `pruner.<key>`
 * (the HTTP layer answers 400) and returns the default when the option is absent.
 */
export const prunerOption = {
  /** A number in [min, max]; integers only when `integer`. */
  number(options: Record<string, unknown>, key: string, dflt: number, min: number, max: number, integer = false): number {
    return numberOption({ code: 'invalid_pruner', prefix: 'pruner' }, options, key, dflt, min, max, integer);
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

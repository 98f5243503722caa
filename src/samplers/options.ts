import { DomainError } from '../domain/errors';
import { numberOption } from '../domain/option-checks';

/**
 * Small checks for sampler options. Each throws DomainError('invalid_sampler') naming
 * `sampler.<key>`; each returns the default when the option is absent.
 */
export const samplerOption = {
  /** A number in [min, max]; integers only when `integer`. */
  number(options: Record<string, unknown>, key: string, dflt: number, min: number, max: number, integer = false): number {
    return numberOption({ code: 'invalid_sampler', prefix: 'sampler' }, options, key, dflt, min, max, integer);
  },
  /** One of a fixed set of strings. */
  oneOf<T extends string>(options: Record<string, unknown>, key: string, dflt: T, allowed: readonly T[]): T {
    const v = options[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      throw new DomainError('invalid_sampler', `sampler option "${key}" must be one of ${allowed.join(', ')}`, `sampler.${key}`);
    }
    return v as T;
  },
  /** A boolean. */
  flag(options: Record<string, unknown>, key: string, dflt: boolean): boolean {
    const v = options[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new DomainError('invalid_sampler', `sampler option "${key}" must be true or false`, `sampler.${key}`);
    return v;
  },
  /** Rejects keys other than `type`, `seed` and the allowed ones. */
  /** The options of a strategy that takes none: `{}`, or the error onlyKnown throws for any key. */
  none(options: Record<string, unknown>): Record<string, never> {
    samplerOption.onlyKnown(options, []);
    return {};
  },
  onlyKnown(options: Record<string, unknown>, allowed: readonly string[]): void {
    for (const key of Object.keys(options)) {
      if (key !== 'type' && key !== 'seed' && !allowed.includes(key)) {
        throw new DomainError('invalid_sampler', `unknown sampler option "${key}"; this sampler takes ${allowed.length ? allowed.join(', ') : 'no options'}`, `sampler.${key}`);
      }
    }
  },
};

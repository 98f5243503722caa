import { DomainError, type ErrorCode } from './errors';

/** What every registry entry has: the name a study or a location uses to pick it. */
export interface Named {
  readonly type: string;
}

/** A type name a plugin may register: lower-case letters, digits, `-`, `_` and `.`, at most 50 (the API's limit). */
const TYPE_NAME = /^[a-z0-9][a-z0-9._-]{0,49}$/;

/**
 * Factories by type name, open for registration (samplers, pruners). Lookups of unknown names
 * throw DomainError(`code`) naming `<kind>.type` and listing the known types; names live in a Map,
 * so `__proto__` is just an unknown name. Registration refuses an invalid or taken name: a
 * plugin never silently replaces a built-in.
 */
export class Registry<F extends Named> {
  private readonly byType = new Map<string, F>();

  constructor(private readonly kind: string, private readonly code: ErrorCode, builtIns: readonly F[]) {
    for (const factory of builtIns) this.byType.set(factory.type, factory);
  }

  /** Adds a factory; throws an Error when its type is not a valid name or is already registered. */
  register(factory: F): void {
    if (typeof factory?.type !== 'string' || !TYPE_NAME.test(factory.type)) {
      throw new Error(`a ${this.kind} type must match ${TYPE_NAME} (got ${JSON.stringify(factory?.type)})`);
    }
    if (this.byType.has(factory.type)) throw new Error(`a ${this.kind} of type "${factory.type}" is already registered`);
    this.byType.set(factory.type, factory);
  }

  /** Registered type names, built-ins first, in registration order. */
  types(): string[] {
    return [...this.byType.keys()];
  }

  /** Registered factories, built-ins first, in registration order. */
  all(): F[] {
    return [...this.byType.values()];
  }

  /** The factory of `type`; throws DomainError(code, ..., '<kind>.type') for an unknown one. */
  get(type: string): F {
    const factory = this.byType.get(type);
    if (!factory) throw new DomainError(this.code, `unknown ${this.kind} type "${type}"; choose one of ${this.types().join(', ')}`, `${this.kind}.type`);
    return factory;
  }
}

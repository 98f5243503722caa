import { DomainError } from '../domain/errors';
import type { PrunerFactory } from './pruner';

/** Never prunes: the default. */
export const noPrunerFactory: PrunerFactory = {
  type: 'none',
  description: 'Never stops a trial early.',
  normalize(options) {
    const extra = Object.keys(options)[0];
    if (extra !== undefined) throw new DomainError('invalid_pruner', `pruner "none" takes no option "${extra}"`, `pruner.${extra}`);
    return {};
  },
  create() {
    return { type: 'none', shouldPrune: () => false };
  },
};

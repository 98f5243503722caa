import { DomainError } from '../domain/errors';
import { definePruner } from './pruner';

/** Never prunes: the default. */
export const noPrunerFactory = definePruner({
  type: 'none',
  description: 'Never stops a trial early.',
  options(raw) {
    const extra = Object.keys(raw)[0];
    if (extra !== undefined) throw new DomainError('invalid_pruner', `pruner "none" takes no option "${extra}"`, `pruner.${extra}`);
    return {};
  },
  build: () => ({ type: 'none', shouldPrune: () => false }),
});

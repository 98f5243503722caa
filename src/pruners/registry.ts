import { DomainError } from '../domain/errors';
import type { PrunerConfig } from '../domain/study';
import { medianPrunerFactory } from './median';
import { noPrunerFactory } from './none';
import type { Pruner, PrunerFactory } from './pruner';
import { successiveHalvingPrunerFactory } from './successive-halving';

/** Every early-stopping rule a study can name in `pruner.type`. */
const FACTORIES: readonly PrunerFactory[] = [noPrunerFactory, medianPrunerFactory, successiveHalvingPrunerFactory];

export function prunerTypes(): string[] {
  return FACTORIES.map((f) => f.type);
}

function factoryFor(type: string): PrunerFactory {
  const factory = FACTORIES.find((f) => f.type === type);
  if (!factory) throw new DomainError('invalid_pruner', `unknown pruner type "${type}"; choose one of ${prunerTypes().join(', ')}`, 'pruner.type');
  return factory;
}

/** Validates a pruner config and returns it with defaults filled in. */
export function normalizePrunerConfig(config: PrunerConfig): PrunerConfig {
  const { type, ...options } = config;
  const factory = factoryFor(type);
  return { type: factory.type, ...factory.normalize(options) };
}

/** Builds the pruner of a normalised config. */
export function createPruner(config: PrunerConfig): Pruner {
  const { type, ...options } = config;
  return factoryFor(type).create(options);
}

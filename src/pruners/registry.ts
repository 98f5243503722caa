import { Registry } from '../domain/registry';
import type { PrunerConfig } from '../domain/study';
import { medianPrunerFactory } from './median';
import { noPrunerFactory } from './none';
import type { Pruner, PrunerFactory } from './pruner';
import { successiveHalvingPrunerFactory } from './successive-halving';

/** Every early-stopping rule a study can name in `pruner.type`: the built-ins and those registered by plugins. */
const PRUNERS = new Registry<PrunerFactory>('pruner', 'invalid_pruner', [noPrunerFactory, medianPrunerFactory, successiveHalvingPrunerFactory]);

/** The registered pruner types, for listings and error messages. */
export function prunerTypes(): string[] {
  return PRUNERS.types();
}

/** Makes `factory.type` a pruner every study of this process can name; throws when the type is invalid or taken. */
export function registerPruner(factory: PrunerFactory): void {
  PRUNERS.register(factory);
}

/** Validates a pruner config and returns it with defaults filled in. */
export function normalizePrunerConfig(config: PrunerConfig): PrunerConfig {
  const { type, ...options } = config;
  const factory = PRUNERS.get(type);
  return { type: factory.type, ...factory.normalize(options) };
}

/** Builds the pruner of a normalised config. */
export function createPruner(config: PrunerConfig): Pruner {
  const { type, ...options } = config;
  return PRUNERS.get(type).create(options);
}

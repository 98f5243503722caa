import { DomainError } from '../domain/errors';
import type { SamplerConfig } from '../domain/study';
import type { SearchSpace } from '../domain/space';
import { Registry } from '../domain/registry';
import type { HistoryNeed, Sampler, SamplerFactory } from './sampler';
import { randomFactory } from './random';
import { sobolFactory } from './sobol';
import { gpFactory } from './gp/gp-sampler';
import { gridFactory } from './grid';
import { tpeFactory } from './tpe';
import { geneticFactory } from './genetic';
import { localSearchFactory } from './local-search';
import { autoFactory } from './auto';

/** Every strategy a study can name in `sampler.type`: the built-ins and those registered by plugins. */
const SAMPLERS = new Registry<SamplerFactory>('sampler', 'invalid_sampler', [randomFactory, sobolFactory, gridFactory, tpeFactory, gpFactory, geneticFactory, localSearchFactory, autoFactory]);

/** The sampler type used when a study names none. */
export const DEFAULT_SAMPLER_TYPE = 'auto';

/** The registered strategies, for listings and error messages. */
export function samplerTypes(): string[] {
  return SAMPLERS.types();
}

/**
 * Makes `factory.type` a sampler every study of this process can name (service, CLI `--plugin`,
 * clients: the API takes any registered type). Throws when the type is invalid or taken.
 * Register before the first study uses it, on every process (and worker thread) that serves it.
 */
export function registerSampler(factory: SamplerFactory): void {
  SAMPLERS.register(factory);
}

/**
 * Validates a study's sampler config against its (validated) space and returns it normalised:
 * `type`, `seed` (a 32-bit integer; drawn by the caller when absent) and the strategy's options
 * with defaults. Throws DomainError('invalid_sampler') naming the option.
 */
export function normalizeSamplerConfig(config: SamplerConfig, space: SearchSpace): SamplerConfig {
  const factory = SAMPLERS.get(config.type);
  const { type: _type, seed, ...options } = config;
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)) {
    throw new DomainError('invalid_sampler', 'sampler seed must be an integer in [0, 4294967295]', 'sampler.seed');
  }
  const normalized = factory.normalize({ ...options }, space);
  return seed === undefined ? { type: factory.type, ...normalized } : { type: factory.type, seed, ...normalized };
}

/** Builds the sampler of a normalised config. */
export function createSampler(config: SamplerConfig, space: SearchSpace): Sampler {
  const { type, seed: _seed, ...options } = config;
  return SAMPLERS.get(type).create(options, space);
}

/** What the sampler of a normalised config reads of the history, without building it. */
export function historyNeed(config: SamplerConfig): HistoryNeed {
  return SAMPLERS.get(config.type).history ?? 'full';
}

/** Whether the sampler of a normalised config numbers its points (Sampler.byTrialNumber), without building it. */
export function numbersItsPoints(config: SamplerConfig): boolean {
  return SAMPLERS.get(config.type).byTrialNumber === true;
}

/** Whether the sampler of a config handles studies with several objectives (SamplerFactory.multiObjective). */
export function handlesSeveralObjectives(config: SamplerConfig): boolean {
  return SAMPLERS.get(config.type).multiObjective === true;
}

/**
 * The library entry (`import { ... } from 'baytune'`): drive studies in this process
 * (`openStudies`) or on a server (`HttpStudyClient`) through one StudyClient interface, tune an
 * existing TF.js `model.fit` with `baytuneCallback`, and write trainers against the Trainer API.
 */
export type { StudyClient } from './client/study-client';
export { HttpStudyClient, type HttpClientOptions } from './client/http-client';
export { InProcessStudyClient } from './client/in-process-client';
export { openStudies, type OpenStudiesOptions } from './open-studies';
export { BaytuneError, type ClientErrorCode } from './client/baytune-error';
export { allTrials } from './client/all-trials';
export { baytuneCallback, BaytuneCallback, type BaytuneCallbackOptions } from './tfjs/callback';
export type * from './api/types';
export type { components, paths } from './api/schema';
export * from './domain';
export type { Trainer, TrainContext, TrainResult, TrainerLogger } from './trainer/trainer';
export { trainerShapeProblem } from './trainer/trainer';

// Extension points: register samplers, pruners and storage backends (or load plugin files), and
// the helpers a strategy needs. `baytune/testing` holds the conformance suites they must pass.
export { registerSampler, samplerTypes } from './samplers/registry';
export { registerPruner, prunerTypes } from './pruners/registry';
export { registerStorage, type StorageBackend, type StorageOptions } from './storage/open-storage';
export { loadPlugins, type BaytunePlugin, type PluginRegistry } from './plugins/load-plugins';
export { defineSampler, type HistoryNeed, type ObservedTrial, type Sampler, type SamplerDefinition, type SamplerFactory, type SamplerInput, type Suggestion } from './samplers/sampler';
export { definePruner, type Curve, type PruneInput, type Pruner, type PrunerDefinition, type PrunerFactory } from './pruners/pruner';
export type * from './storage/port';
export { MemoryStorage } from './storage/memory-storage';
export { Rng } from './core/rng';
export { decodeUnitPoint, encodeUnitPoint, sampleParams, validateParams } from './core/space';

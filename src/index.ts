/**
 * The library entry (`import { ... } from 'baytune'`): drive studies in this process
 * (`openStudies`) or on a server (`HttpStudyClient`) through one StudyClient interface, tune an
 * existing TF.js `model.fit` with `baytuneCallback`, and write trainers against the Trainer API.
 */
import { InProcessStudyClient } from './client/in-process-client';
import { StudyService, type StudyServiceOptions } from './service/study-service';
import { openStorage } from './storage/open-storage';

export type { StudyClient } from './client/study-client';
export { HttpStudyClient, type HttpClientOptions } from './client/http-client';
export { InProcessStudyClient } from './client/in-process-client';
export { BaytuneError, type ClientErrorCode } from './client/baytune-error';
export { allTrials } from './client/all-trials';
export { baytuneCallback, BaytuneCallback, type BaytuneCallbackOptions } from './tfjs/callback';
export type * from './api/types';
export type { components, paths } from './api/schema';
export * from './domain';
export type { Trainer, TrainContext, TrainResult, TrainerLogger } from '../trainers/trainer';
export { trainerShapeProblem } from '../trainers/trainer';

/** Options of openStudies. */
export interface OpenStudiesOptions {
  /** `memory` (lost on exit), a SQLite file path (created if new), or a `postgres://` URL. */
  storage: string;
  /** Settings of the embedded service, such as the ask deadline in milliseconds. */
  service?: StudyServiceOptions;
}

/**
 * Opens studies in this process: builds the storage `options.storage` names and a StudyService on
 * it, and returns a StudyClient whose close() closes both. A SQL database with an older schema is
 * refused (DomainError 'schema_mismatch'; run `baytune migrate`).
 */
export async function openStudies(options: OpenStudiesOptions): Promise<InProcessStudyClient> {
  const storage = await openStorage(options.storage);
  return new InProcessStudyClient(new StudyService(storage, options.service));
}

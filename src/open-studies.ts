import { InProcessStudyClient } from './client/in-process-client';
import { StudyService, type StudyServiceOptions } from './service/study-service';
import { openStorage } from './storage/open-storage';

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

import { DomainError } from '../domain/errors';
import { ERROR_STATUS } from '../domain/error-status';
import { BaytuneError } from './baytune-error';
import { STUDY_OPERATIONS, type StudyClient, type StudyOperations } from './study-client';

/**
 * StudyClient calling a StudyService in this process: the same methods, answers and errors as
 * HttpStudyClient against a server on the same storage. DomainErrors become BaytuneErrors with the
 * status the HTTP layer would answer (src/domain/error-status.ts); answers are plain JSON copies, so
 * a caller mutating one cannot touch stored state. Unlike the server it does not re-check request
 * shapes against openapi.yaml (TypeScript types stand in); every domain check is the same.
 * close() closes the service and its storage.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the operations are installed from STUDY_OPERATIONS
export interface InProcessStudyClient extends StudyOperations {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class InProcessStudyClient implements StudyClient {
  /** `service`: a StudyService (anything answering the study operations, and close). */
  constructor(private readonly service: StudyOperations & { close(): Promise<void> }) {
    for (const name of STUDY_OPERATIONS) {
      const operation = service[name] as (...args: unknown[]) => Promise<unknown>;
      Object.defineProperty(this, name, { value: (...args: unknown[]) => this.run(() => operation.apply(service, args)), enumerable: false });
    }
  }

  close(): Promise<void> {
    return this.run(() => this.service.close());
  }

  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      const answer = await call();
      return answer === undefined ? answer : (JSON.parse(JSON.stringify(answer)) as T);
    } catch (error) {
      throw toBaytuneError(error);
    }
  }
}

/** The BaytuneError a server would answer with for the same failure. */
function toBaytuneError(error: unknown): BaytuneError {
  if (error instanceof DomainError) {
    return new BaytuneError(error.code, ERROR_STATUS[error.code], error.message, error.field, error.details);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new BaytuneError('internal', ERROR_STATUS.internal, `internal error: ${message}`);
}

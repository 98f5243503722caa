import type {
  AddTrialRequest,
  ApiStudy,
  ApiStudyNotes,
  ApiStudySummary,
  ApiTrial,
  AskRequest,
  CreateStudyRequest,
  ListTrialsQuery,
  ReportRequest,
  PutNotesRequest,
  TellRequest,
  TrialPage,
  UserAttrsPatch,
} from '../api/types';
import { DomainError } from '../domain/errors';
import { ERROR_STATUS } from '../http/error-status';
import type { StudyService } from '../service/study-service';
import { BaytuneError } from './baytune-error';
import type { StudyClient } from './study-client';

/**
 * StudyClient calling a StudyService in this process: the same methods, answers and errors as
 * HttpStudyClient against a server on the same storage. DomainErrors become BaytuneErrors with the
 * status the HTTP layer would answer (src/http/error-status.ts); answers are plain JSON copies, so
 * a caller mutating one cannot touch stored state. Unlike the server it does not re-check request
 * shapes against openapi.yaml (TypeScript types stand in); every domain check is the same.
 * close() closes the service and its storage.
 */
export class InProcessStudyClient implements StudyClient {
  constructor(private readonly service: StudyService) {}

  createStudy(request: CreateStudyRequest): Promise<ApiStudy> {
    return this.run(() => this.service.createStudy(request));
  }

  getStudy(studyId: string): Promise<ApiStudySummary> {
    return this.run(() => this.service.getStudy(studyId));
  }

  listStudies(): Promise<ApiStudySummary[]> {
    return this.run(() => this.service.listStudies());
  }

  deleteStudy(studyId: string): Promise<void> {
    return this.run(() => this.service.deleteStudy(studyId));
  }

  ask(studyId: string, request: AskRequest = {}): Promise<ApiTrial[]> {
    return this.run(() => this.service.ask(studyId, request));
  }

  tell(studyId: string, trialId: string, request: TellRequest): Promise<ApiTrial> {
    return this.run(() => this.service.tell(studyId, trialId, request));
  }

  report(studyId: string, trialId: string, request: ReportRequest): Promise<boolean> {
    return this.run(() => this.service.report(studyId, trialId, request));
  }

  heartbeat(studyId: string, trialId: string): Promise<ApiTrial> {
    return this.run(() => this.service.heartbeat(studyId, trialId));
  }

  addTrial(studyId: string, request: AddTrialRequest): Promise<ApiTrial> {
    return this.run(() => this.service.addTrial(studyId, request));
  }

  getTrial(studyId: string, trialId: string): Promise<ApiTrial> {
    return this.run(() => this.service.getTrial(studyId, trialId));
  }

  listTrials(studyId: string, query: ListTrialsQuery = {}): Promise<TrialPage> {
    return this.run(() => this.service.listTrials(studyId, query));
  }

  best(studyId: string): Promise<ApiTrial | null> {
    return this.run(() => this.service.best(studyId));
  }

  patchStudy(studyId: string, patch: UserAttrsPatch): Promise<ApiStudySummary> {
    return this.run(() => this.service.patchStudy(studyId, patch));
  }

  patchTrial(studyId: string, trialId: string, patch: UserAttrsPatch): Promise<ApiTrial> {
    return this.run(() => this.service.patchTrial(studyId, trialId, patch));
  }

  getNotes(studyId: string): Promise<ApiStudyNotes> {
    return this.run(() => this.service.getNotes(studyId));
  }

  putNotes(studyId: string, request: PutNotesRequest): Promise<ApiStudyNotes> {
    return this.run(() => this.service.putNotes(studyId, request));
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

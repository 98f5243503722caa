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

/**
 * One way to drive studies, whether the service runs in this process or behind a URL. Method
 * shapes are the HTTP API's bodies (openapi.yaml): a study may have several `objectives` and
 * `constraints`, and a trial is told its metrics by name, `tell(studyId, trialId, {values})`. Every `studyId` may be a study id or name, every
 * `trialId` a trial id or number within the study (see openapi.yaml's StudyId and TrialId). Errors are thrown as BaytuneError carrying the
 * server's problem `code`, `status` and `field`.
 * Implementations: HttpStudyClient (client/http-client.ts) and InProcessStudyClient
 * (client/in-process-client.ts); both pass the same test suite.
 */
export interface StudyClient {
  /** With `load_if_exists: true`, returns the matching existing study of that name (409 naming the differences otherwise). */
  createStudy(request: CreateStudyRequest): Promise<ApiStudy>;
  getStudy(studyId: string): Promise<ApiStudySummary>;
  listStudies(): Promise<ApiStudySummary[]>;
  deleteStudy(studyId: string): Promise<void>;
  /** Returns RUNNING trials (queued ones first, then fresh suggestions). */
  ask(studyId: string, request?: AskRequest): Promise<ApiTrial[]>;
  tell(studyId: string, trialId: string, request: TellRequest): Promise<ApiTrial>;
  /** Stores an intermediate value; true when the pruner says to stop the trial. */
  report(studyId: string, trialId: string, request: ReportRequest): Promise<boolean>;
  heartbeat(studyId: string, trialId: string): Promise<ApiTrial>;
  addTrial(studyId: string, request: AddTrialRequest): Promise<ApiTrial>;
  getTrial(studyId: string, trialId: string): Promise<ApiTrial>;
  listTrials(studyId: string, query?: ListTrialsQuery): Promise<TrialPage>;
  /**
   * The best feasible COMPLETE trial, or null while there is none. On a multi-objective study,
   * BaytuneError multi_objective (409): read its pareto() instead.
   */
  best(studyId: string): Promise<ApiTrial | null>;
  /**
   * The Pareto front: the feasible COMPLETE trials no other one beats in every objective, in
   * trial-number order (on a single-objective study, the best feasible trial(s); empty while none).
   */
  pareto(studyId: string): Promise<ApiTrial[]>;
  /** Sets (or, with null values, removes) user attributes of a study. */
  patchStudy(studyId: string, patch: UserAttrsPatch): Promise<ApiStudySummary>;
  /** Sets (or, with null values, removes) user attributes of a trial in any state. */
  patchTrial(studyId: string, trialId: string, patch: UserAttrsPatch): Promise<ApiTrial>;
  /** The study's markdown notes with their version. */
  getNotes(studyId: string): Promise<ApiStudyNotes>;
  /** Replaces the notes when `version` is still the stored one (else BaytuneError notes_conflict). */
  putNotes(studyId: string, request: PutNotesRequest): Promise<ApiStudyNotes>;
  close(): Promise<void>;
}

/**
 * The one list of study operations: every StudyClient method but close(). StudyService answers
 * each with the same signature, so the in-process client forwards them by this list.
 */
export const STUDY_OPERATIONS = [
  'createStudy', 'getStudy', 'listStudies', 'deleteStudy', 'ask', 'tell', 'report', 'heartbeat', 'addTrial', 'getTrial', 'listTrials', 'best',
  'pareto', 'patchStudy', 'patchTrial', 'getNotes', 'putNotes',
] as const satisfies ReadonlyArray<Exclude<keyof StudyClient, 'close'>>;

/** The study operations of STUDY_OPERATIONS, as a type. */
export type StudyOperations = Pick<StudyClient, (typeof STUDY_OPERATIONS)[number]>;

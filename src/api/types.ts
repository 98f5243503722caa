import type { components } from './schema';

/** Request and response bodies of the HTTP API, named after openapi.yaml's schemas. */
type S = components['schemas'];

export type ApiStudy = S['Study'];
export type ApiStudySummary = S['StudySummary'];
export type ApiTrial = S['Trial'];
export type ApiProblem = S['Problem'];
export type CreateStudyRequest = S['CreateStudyRequest'];
export type AskRequest = S['AskRequest'];
export type TellRequest = S['TellRequest'];
export type ReportRequest = S['ReportRequest'];
export type AddTrialRequest = S['AddTrialRequest'];
export type ApiSearchSpace = S['SearchSpace'];
export type ApiParams = S['Params'];
export type ApiModelSummary = S['ModelSummary'];
export type UserAttrsPatch = S['UserAttrsPatch'];
export type ApiStudyNotes = S['StudyNotes'];
export type PutNotesRequest = S['PutNotesRequest'];
/** One objective of a study as created: a metric name and its direction. */
export type ApiObjective = S['Objective'];
/** An outcome constraint as created: a metric name and inclusive bounds. */
export type ApiOutcomeConstraint = S['OutcomeConstraint'];
/** Metric name -> finite number, as a tell or an added trial gives them. */
export type MetricValues = S['MetricValues'];

/** Query of GET /studies/{id}/trials, already parsed. */
export interface ListTrialsQuery {
  state?: ApiTrial['state'][];
  limit?: number;
  cursor?: string;
}

/** Response of GET /studies/{id}/trials. */
export interface TrialPage {
  trials: ApiTrial[];
  next_cursor: string | null;
}

import { randomUUID } from 'node:crypto';
import type * as api from '../api/types';
import { pagesOf } from '../domain/paging';
import { BaytuneError } from './baytune-error';
import { HttpTransport, type TransportOptions } from './http-transport';
import type { StudyClient } from './study-client';

/** A bound on the study-list paging loop: 1,000 pages of 1,000 studies. */
const MAX_STUDY_PAGES = 1000;

/** Options of HttpStudyClient: connection settings plus the worker identity. */
export interface HttpClientOptions extends TransportOptions {
  /**
   * The worker's id, sent as `client_id` on every ask that does not name one. With it, each ask
   * also carries a fresh `request_key`, so a retried ask returns the same trials instead of new
   * ones; without it, an ask is only retried when it provably did not reach the server. An ask
   * while this client_id still holds RUNNING trials gets those back first (a restarted worker
   * resumes its trial): give each concurrent worker its own client_id.
   */
  clientId?: string;
}

const API = '/api/v1/studies';

/**
 * StudyClient over HTTP (Node 20 global fetch). Errors are BaytuneError with the server's problem
 * code, status, field and details. Calls are retried on 503 and connection failures with
 * exponential backoff, but only when a repeat is safe (see RetryClass in http-transport.ts).
 */
export class HttpStudyClient implements StudyClient {
  private readonly http: HttpTransport;

  constructor(private readonly options: HttpClientOptions) {
    this.http = new HttpTransport(options);
  }

  createStudy(request: api.CreateStudyRequest): Promise<api.ApiStudy> {
    return this.http.json({ method: 'POST', path: API, body: request, retry: 'once' });
  }

  getStudy(studyId: string): Promise<api.ApiStudySummary> {
    return this.http.json({ method: 'GET', path: studyPath(studyId), retry: 'idempotent' });
  }

  /** Every study, following `next_cursor` page by page (at most MAX_STUDY_PAGES pages of 1000). */
  async listStudies(): Promise<api.ApiStudySummary[]> {
    const studies: api.ApiStudySummary[] = [];
    const fetchPage = (cursor: string | undefined): Promise<{ studies: api.ApiStudySummary[]; next_cursor: string | null }> => {
      const path = cursor === undefined ? API : `${API}?cursor=${encodeURIComponent(cursor)}`;
      return this.http.json({ method: 'GET', path, retry: 'idempotent' });
    };
    let pages = 0;
    for await (const body of pagesOf(fetchPage, (page) => page.next_cursor)) {
      studies.push(...body.studies);
      if (++pages === MAX_STUDY_PAGES && body.next_cursor !== null) throw new Error(`the study list did not end after ${MAX_STUDY_PAGES} pages`);
    }
    return studies;
  }

  async deleteStudy(studyId: string): Promise<void> {
    await this.http.json({ method: 'DELETE', path: studyPath(studyId), retry: 'once' });
  }

  async ask(studyId: string, request: Partial<api.AskRequest> = {}): Promise<api.ApiTrial[]> {
    const clientId = request.client_id ?? this.options.clientId;
    const body: Partial<api.AskRequest> = { ...request };
    if (clientId !== undefined) {
      body.client_id = clientId;
      body.request_key ??= randomUUID();
    }
    const keyed = body.client_id !== undefined && body.request_key !== undefined;
    const answer = await this.http.json<{ trials: api.ApiTrial[] }>({
      method: 'POST',
      path: `${studyPath(studyId)}/ask`,
      body,
      retry: keyed ? 'idempotent' : 'once',
    });
    return answer.trials;
  }

  tell(studyId: string, trialId: string, request: api.TellRequest): Promise<api.ApiTrial> {
    return this.http.json({ method: 'POST', path: `${trialPath(studyId, trialId)}/tell`, body: request, retry: 'idempotent' });
  }

  async report(studyId: string, trialId: string, request: api.ReportRequest): Promise<boolean> {
    const path = `${trialPath(studyId, trialId)}/report`;
    const answer = await this.http.json<{ should_prune: boolean }>({ method: 'POST', path, body: request, retry: 'idempotent' });
    return answer.should_prune;
  }

  heartbeat(studyId: string, trialId: string): Promise<api.ApiTrial> {
    return this.http.json({ method: 'POST', path: `${trialPath(studyId, trialId)}/heartbeat`, retry: 'idempotent' });
  }

  addTrial(studyId: string, request: api.AddTrialRequest): Promise<api.ApiTrial> {
    return this.http.json({ method: 'POST', path: `${studyPath(studyId)}/trials`, body: request, retry: 'once' });
  }

  getTrial(studyId: string, trialId: string): Promise<api.ApiTrial> {
    return this.http.json({ method: 'GET', path: trialPath(studyId, trialId), retry: 'idempotent' });
  }

  listTrials(studyId: string, query: api.ListTrialsQuery = {}): Promise<api.TrialPage> {
    return this.http.json({
      method: 'GET',
      path: `${studyPath(studyId)}/trials`,
      query: { state: query.state?.join(','), limit: query.limit?.toString(), cursor: query.cursor },
      retry: 'idempotent',
    });
  }

  async best(studyId: string): Promise<api.ApiTrial | null> {
    try {
      return await this.http.json<api.ApiTrial>({ method: 'GET', path: `${studyPath(studyId)}/best`, retry: 'idempotent' });
    } catch (error) {
      if (error instanceof BaytuneError && error.code === 'no_complete_trial') return null;
      throw error;
    }
  }

  async pareto(studyId: string): Promise<api.ApiTrial[]> {
    return (await this.http.json<{ trials: api.ApiTrial[] }>({ method: 'GET', path: `${studyPath(studyId)}/pareto`, retry: 'idempotent' })).trials;
  }

  patchStudy(studyId: string, patch: api.UserAttrsPatch): Promise<api.ApiStudySummary> {
    return this.http.json({ method: 'PATCH', path: studyPath(studyId), body: patch, retry: 'idempotent' });
  }

  patchTrial(studyId: string, trialId: string, patch: api.UserAttrsPatch): Promise<api.ApiTrial> {
    return this.http.json({ method: 'PATCH', path: trialPath(studyId, trialId), body: patch, retry: 'idempotent' });
  }

  getNotes(studyId: string): Promise<api.ApiStudyNotes> {
    return this.http.json({ method: 'GET', path: `${studyPath(studyId)}/notes`, retry: 'idempotent' });
  }

  putNotes(studyId: string, request: api.PutNotesRequest): Promise<api.ApiStudyNotes> {
    return this.http.json({ method: 'PUT', path: `${studyPath(studyId)}/notes`, body: request, retry: 'once' });
  }

  /** Nothing to release: fetch keeps no connection state the client owns. */
  async close(): Promise<void> {}

  /**
   * A raw GET below the base URL with this client's token and retries, for endpoints outside
   * StudyClient (`/model`, `/export`). Returns the 2xx response with its body unread.
   */
  fetchRaw(path: string, query: Record<string, string | undefined> = {}): Promise<Response> {
    return this.http.send({ method: 'GET', path, query, retry: 'idempotent' });
  }
}

function studyPath(studyId: string): string {
  return `${API}/${encodeURIComponent(studyId)}`;
}

function trialPath(studyId: string, trialId: string): string {
  return `${studyPath(studyId)}/trials/${encodeURIComponent(trialId)}`;
}

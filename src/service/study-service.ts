import type {
  AddTrialRequest,
  ApiModelSummary,
  ApiStudy,
  ApiStudySummary,
  ApiTrial,
  AskRequest,
  CreateStudyRequest,
  ListTrialsQuery,
  ReportRequest,
  TellRequest,
  TrialPage,
} from '../api/types';
import { mixSeeds } from '../core/rng';
import { validateParams } from '../core/space';
import { deadlineAfter } from '../domain/deadline';
import { DomainError } from '../domain/errors';
import type { Params } from '../domain/space';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { Storage } from '../storage/port';
import { askTrials } from './ask';
import { AskRounds } from './ask-rounds';
import type { AskSettings } from './ask-settings';
import { assertFinite, buildFinish, conflict, settleTell } from './finish';
import { fnv1aText } from '../core/fnv1a';
import { StudyCache } from './study-cache';
import { InlineRunner, type SamplerRunner } from './sampler-job';
import { StudyHistories } from './study-histories';
import { studyModel, type ModelQuery } from './study-model';
import { buildNewStudy } from './new-study';
import { silentObserver, type ServiceObserver } from './observer';
import { decodeCursor, encodeCursor, presentTrial, studyPage } from './present';
import { shouldPrune } from './prune-decision';
import { loadAllTrials } from './trial-history';

/** Settings of a StudyService; all optional. */
export interface StudyServiceOptions {
  /** Milliseconds an ask's sampler may take before falling back (default 2000). */
  askDeadlineMs?: number;
  /** Clock in epoch milliseconds (default Date.now). */
  now?: () => number;
  observer?: ServiceObserver;
  /** Where model-based samplers run (default inline on the event loop; the server passes its sampler pool). */
  samplerRunner?: SamplerRunner;
}

/**
 * The use-cases of baytune over a Storage: the same methods as the StudyClient interface, so the
 * HTTP layer and the in-process client are thin adapters. Every failure is a DomainError whose
 * code the adapters map to a status; nothing is half-written (each write is one storage call).
 */
export class StudyService {
  private readonly deadlineMs: number;
  private readonly now: () => number;
  private readonly observer: ServiceObserver;
  private readonly studies = new StudyCache();
  private readonly settings: AskSettings;

  constructor(
    private readonly storage: Storage,
    options: StudyServiceOptions = {},
  ) {
    this.deadlineMs = options.askDeadlineMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.observer = options.observer ?? silentObserver;
    const runner = options.samplerRunner ?? new InlineRunner(this.now);
    const base = { storage, now: this.now, observer: this.observer, runner, histories: new StudyHistories(storage) };
    this.settings = { ...base, rounds: new AskRounds(base) };
  }

  async createStudy(request: CreateStudyRequest): Promise<ApiStudy> {
    return this.storage.createStudy(buildNewStudy(request), this.now());
  }

  async getStudy(studyId: string): Promise<ApiStudySummary> {
    await this.study(studyId);
    const summary = await this.storage.studySummary(studyId);
    if (!summary) throw studyNotFound(studyId);
    return summary;
  }

  async listStudies(): Promise<ApiStudySummary[]> {
    return this.storage.listStudies();
  }

  /** Studies oldest first, `limit` (default 1000) after the study a `cursor` of a previous page names (see studyPage). */
  async listStudyPage(query: { limit?: number; cursor?: string }): Promise<{ studies: ApiStudySummary[]; next_cursor: string | null }> {
    return studyPage(await this.storage.listStudies(), query.limit ?? 1000, query.cursor);
  }

  async deleteStudy(studyId: string): Promise<void> {
    this.studies.evict(studyId);
    this.settings.histories.evict(studyId);
    if (!(await this.storage.deleteStudy(studyId))) throw studyNotFound(studyId);
  }

  /**
   * Hands out trials (see askTrials). `timing.receivedAt` (epoch ms, default now) is when the
   * request arrived: the ask's deadline counts from then (P7: bounded latency).
   */
  async ask(studyId: string, request: AskRequest = {}, timing: { receivedAt?: number } = {}): Promise<ApiTrial[]> {
    const study = this.studies.get(studyId) ?? (await this.study(studyId));
    const started = timing.receivedAt ?? this.now();
    const clientId = request.client_id ?? null;
    // NOTE: in this process, asks of one study share rounds (AskRounds), in which each sees the
    // trials handed out before it as pending. The salt (0 for an anonymous ask, so a history stays
    // reproducible) keeps asks of different workers apart across replicas reading one snapshot.
    const salt = mixSalt(saltPart(request.client_id), saltPart(request.request_key));
    const order = { clientId, requestKey: clientId !== null ? (request.request_key ?? null) : null, want: request.count ?? 1, deadline: deadlineAfter(started, this.deadlineMs), salt };
    const trials = await askTrials(study, order, this.settings);
    this.observer.asked(study.sampler.type, trials.length, (this.now() - started) / 1000);
    return trials.map(presentTrial);
  }

  /** The study's GP summarised for the dashboard (see studyModel); 503 model_busy past the ask deadline. */
  async model(studyId: string, query: ModelQuery = {}): Promise<ApiModelSummary> {
    return studyModel(await this.study(studyId), query, this.deadlineMs, this.settings);
  }

  async tell(studyId: string, trialId: string, request: TellRequest): Promise<ApiTrial> {
    const started = this.now();
    const finish = buildFinish(request, this.now());
    const result = await this.storage.finishTrial(studyId, trialId, finish);
    if (!result) {
      await this.study(studyId);
      throw trialNotFound(trialId);
    }
    const settled = settleTell(result, finish);
    if (result.applied) this.observer.told(finish.state, (this.now() - started) / 1000);
    return presentTrial(settled);
  }

  async report(studyId: string, trialId: string, request: ReportRequest): Promise<boolean> {
    assertFinite(request.value, 'value');
    const study = await this.study(studyId);
    const now = this.now();
    const result = await this.storage.addIntermediate(studyId, trialId, request.step, request.value, now, now + study.lease_seconds * 1000);
    if (!result) throw trialNotFound(trialId);
    if (!result.applied) throw conflict(result.trial, `trial ${result.trial.number} is ${result.trial.state}; only RUNNING trials take reports`);
    if (study.pruner.type === 'none') return false;
    return shouldPrune(study, result.trial, await loadAllTrials(this.storage, studyId), request.step);
  }

  async heartbeat(studyId: string, trialId: string): Promise<ApiTrial> {
    const study = await this.study(studyId);
    const now = this.now();
    const result = await this.storage.heartbeat(studyId, trialId, now, now + study.lease_seconds * 1000);
    if (!result) throw trialNotFound(trialId);
    if (!result.applied) throw conflict(result.trial, `trial ${result.trial.number} is ${result.trial.state}; only RUNNING trials hold a lease`);
    return presentTrial(result.trial);
  }

  async addTrial(studyId: string, request: AddTrialRequest): Promise<ApiTrial> {
    const study = await this.study(studyId);
    const params = validateParams(study.space, request.params as Params);
    if (request.value !== undefined) assertFinite(request.value, 'value');
    const userAttrs = (request.user_attrs as Record<string, unknown> | undefined) ?? {};
    const draft =
      request.value === undefined
        ? { state: 'WAITING' as const, params, user_attrs: userAttrs, reason: { strategy: 'enqueued' } }
        : { state: 'COMPLETE' as const, params, value: request.value, user_attrs: userAttrs, reason: { strategy: 'user' } };
    const [trial] = await this.storage.addTrials(studyId, [draft], this.now());
    return presentTrial(trial as Trial);
  }

  async getTrial(studyId: string, trialId: string): Promise<ApiTrial> {
    return presentTrial(await this.trial(studyId, trialId));
  }

  async listTrials(studyId: string, query: ListTrialsQuery = {}): Promise<TrialPage> {
    await this.study(studyId);
    const limit = query.limit ?? 500;
    const after = query.cursor === undefined ? -1 : decodeCursor(query.cursor);
    const rows = await this.storage.listTrials(studyId, { states: query.state, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { trials: page.map(presentTrial), next_cursor: rows.length > limit && last ? encodeCursor(last.number) : null };
  }

  async best(studyId: string): Promise<ApiTrial | null> {
    const study = await this.study(studyId);
    const trial = await this.storage.bestTrial(studyId, study.direction);
    return trial ? presentTrial(trial) : null;
  }

  /** Fails RUNNING trials whose lease lapsed (re-queueing per max_retry); returns how many. */
  async reapExpiredLeases(): Promise<number> {
    const reaped = await this.storage.reapExpiredLeases(this.now());
    if (reaped.length > 0) this.observer.reaped(reaped.map((t) => t.id));
    return reaped.length;
  }

  /**
   * Forgets idempotency keys of asks older than `retentionMs`: a retry after that gets new trials.
   * Returns how many keys went.
   */
  async forgetAskRequests(retentionMs: number): Promise<number> {
    return this.storage.forgetAskRequests(this.now() - retentionMs);
  }

  /** Throws DomainError('storage_unavailable') when the database does not answer. */
  async checkReady(): Promise<void> {
    await this.storage.ping();
  }

  async close(): Promise<void> {
    await this.settings.runner.close();
    await this.storage.close();
  }

  private async study(studyId: string): Promise<Study> {
    const study = await this.storage.getStudy(studyId);
    if (!study) throw studyNotFound(studyId);
    this.studies.set(study);
    return study;
  }

  /** The trial, or study_not_found / trial_not_found; the study is read only when the trial is missing. */
  private async trial(studyId: string, trialId: string): Promise<Trial> {
    const trial = await this.storage.getTrial(studyId, trialId);
    if (trial) return trial;
    await this.study(studyId);
    throw trialNotFound(trialId);
  }
}

/** The FNV-1a hash of an ask's client id or request key; 0 when absent or empty (no salt). */
function saltPart(text: string | undefined): number {
  return text ? fnv1aText(text) : 0;
}

/** 0 when every part is 0, else a 32-bit mix of the parts. */
function mixSalt(...parts: number[]): number {
  return parts.every((p) => p === 0) ? 0 : mixSeeds(...parts) || 1;
}

function studyNotFound(studyId: string): DomainError {
  return new DomainError('study_not_found', `no study with id "${studyId}"`, 'studyId');
}

function trialNotFound(trialId: string): DomainError {
  return new DomainError('trial_not_found', `no trial with id "${trialId}" in this study`, 'trialId');
}

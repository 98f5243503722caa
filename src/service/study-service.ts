import type * as api from '../api/types';
import { mixSeeds } from '../core/rng';
import { validateFixedParams, validateParams } from '../core/space';
import { deadlineAfter } from '../domain/deadline';
import { DomainError } from '../domain/errors';
import { isMultiObjective, type ObjectiveSpec } from '../domain/objectives';
import { paretoFront, type TrialOutcome } from '../domain/outcomes';
import type { Params } from '../domain/space';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import { checkUserAttrsPatch } from '../domain/user-attrs';
import type { Storage, StudyNotes, TrialDraft } from '../storage/port';
import { fillPartialParams, leavesParamsOut } from './partial-params';
import { findStudyByRef, trialIdByRef } from './study-refs';
import { studyDifferences } from './study-match';
import { askTrials } from './ask';
import { AskRounds } from './ask-rounds';
import type { AskSettings } from './ask-settings';
import { assertFinite, buildFinish, conflict, settleTell, storesMetrics, toldOutcome } from './finish';
import { fnv1aText } from '../core/fnv1a';
import { StudyCache } from './study-cache';
import { InlineRunner, type SamplerRunner } from './sampler-job';
import { StudyHistories } from './study-histories';
import { StudyModels, type ModelQuery } from './study-model';
import { buildNewStudy } from './new-study';
import { silentObserver, type ServiceObserver } from './observer';
import { decodeCursor, encodeCursor, presentTrial, studyPage } from './present';
import { shouldPrune } from './prune-decision';
import { loadTrialsFrom } from './trial-history';

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
  private readonly models: StudyModels;

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
    this.models = new StudyModels(base);
  }

  async createStudy(request: api.CreateStudyRequest): Promise<api.ApiStudy> {
    return (await this.openStudy(request)).study;
  }

  /**
   * Creates a study; with `load_if_exists`, a study of that name that matches the request (see
   * studyDifferences) is returned instead, `created` false. A mismatch is 409 study_exists whose
   * message and `details.differences` name each difference.
   */
  async openStudy(request: api.CreateStudyRequest): Promise<{ study: api.ApiStudy; created: boolean }> {
    const wanted = buildNewStudy(request);
    try {
      return { study: await this.storage.createStudy(wanted, this.now()), created: true };
    } catch (error) {
      const existing = request.load_if_exists && error instanceof DomainError && error.code === 'study_exists'
        ? await this.storage.findStudyByName(wanted.name) : null;
      if (!existing) throw error;
      const differences = studyDifferences(existing, wanted, request);
      if (differences.length === 0) return { study: existing, created: false };
      const message = `a study named "${wanted.name}" exists and differs: ${differences.join('; ')}`;
      throw new DomainError('study_exists', message, 'name', { study_id: existing.id, differences });
    }
  }

  async getStudy(studyRef: string): Promise<api.ApiStudySummary> {
    const { id } = await this.study(studyRef);
    const summary = await this.storage.studySummary(id);
    if (!summary) throw studyNotFound(studyRef);
    return summary;
  }

  /**
   * The id of the study a reference names: its id, or else its name (see findStudyByRef). Studies
   * this process has seen by id answer from memory. Throws study_not_found.
   */
  async resolveStudyId(studyRef: string): Promise<string> {
    return this.studies.get(studyRef)?.id ?? (await this.study(studyRef)).id;
  }

  /** The id of a trial reference (a trial id or, all digits, a trial number) in a resolved study; throws trial_not_found. */
  async resolveTrialId(studyId: string, trialRef: string): Promise<string> {
    const id = await trialIdByRef(this.storage, studyId, trialRef);
    if (id === null) throw trialNotFound(trialRef);
    return id;
  }

  /** Applies a user-attribute merge patch (null removes a key; limits in USER_ATTRS_LIMITS) to a study. */
  async patchStudy(studyRef: string, patch: api.UserAttrsPatch): Promise<api.ApiStudySummary> {
    const study = await this.study(studyRef);
    checkUserAttrsPatch(study.user_attrs, patch.user_attrs);
    if (!(await this.storage.patchStudyUserAttrs(study.id, patch.user_attrs))) throw studyNotFound(studyRef);
    this.studies.evict(study.id);
    return this.getStudy(study.id);
  }

  /** Applies a user-attribute merge patch to a trial in any state (its results never change). */
  async patchTrial(studyRef: string, trialRef: string, patch: api.UserAttrsPatch): Promise<api.ApiTrial> {
    const studyId = await this.resolveStudyId(studyRef);
    const trial = await this.trial(studyId, await this.resolveTrialId(studyId, trialRef));
    checkUserAttrsPatch(trial.user_attrs, patch.user_attrs);
    const patched = await this.storage.patchTrialUserAttrs(studyId, trial.id, patch.user_attrs);
    if (!patched) throw trialNotFound(trialRef);
    return presentTrial(patched);
  }

  /** A study's markdown notes and their version (0 before the first write). */
  async getNotes(studyRef: string): Promise<api.ApiStudyNotes> {
    const notes = await this.storage.getStudyNotes(await this.resolveStudyId(studyRef));
    if (!notes) throw studyNotFound(studyRef);
    return presentNotes(notes);
  }

  /**
   * Replaces a study's notes when `version` is the stored one; otherwise 409 notes_conflict whose
   * details carry the current notes, so an editor can merge and retry.
   */
  async putNotes(studyRef: string, request: api.PutNotesRequest): Promise<api.ApiStudyNotes> {
    const written = await this.storage.putStudyNotes(await this.resolveStudyId(studyRef), request.body, request.version, this.now());
    if (!written) throw studyNotFound(studyRef);
    if (!written.applied) {
      const current = presentNotes(written.notes);
      throw new DomainError('notes_conflict', `the notes changed since version ${request.version} (now version ${current.version}); reload and edit again`, 'version', { current });
    }
    return presentNotes(written.notes);
  }

  async listStudies(): Promise<api.ApiStudySummary[]> {
    return this.storage.listStudies();
  }

  /** Studies oldest first, `limit` (default 1000) after the study a `cursor` of a previous page names (see studyPage). */
  async listStudyPage(query: { limit?: number; cursor?: string }): Promise<{ studies: api.ApiStudySummary[]; next_cursor: string | null }> {
    return studyPage(await this.storage.listStudies(), query.limit ?? 1000, query.cursor);
  }

  async deleteStudy(studyRef: string): Promise<void> {
    const studyId = await this.resolveStudyId(studyRef);
    this.studies.evict(studyId);
    this.settings.histories.evict(studyId);
    this.models.evict(studyId);
    if (!(await this.storage.deleteStudy(studyId))) throw studyNotFound(studyRef);
  }

  /**
   * Hands out trials (see askTrials). `timing.receivedAt` (epoch ms, default now) is when the
   * request arrived: the ask's deadline counts from then (P7: bounded latency).
   */
  async ask(studyId: string, request: api.AskRequest = {}, timing: { receivedAt?: number } = {}): Promise<api.ApiTrial[]> {
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

  /**
   * The study's GP summarised for the dashboard (see StudyModels); 503 model_busy past the ask
   * deadline, counted like an ask's from `timing.receivedAt` (epoch ms, default now).
   */
  async model(studyId: string, query: ModelQuery = {}, timing: { receivedAt?: number } = {}): Promise<api.ApiModelSummary> {
    const deadline = deadlineAfter(timing.receivedAt ?? this.now(), this.deadlineMs);
    return this.models.summary(await this.study(studyId), query, deadline);
  }

  /**
   * Finishes a RUNNING trial (see buildFinish for what a tell may give). A PRUNED tell without a
   * value on a single-objective study whose trials store their metrics reads the trial first, so
   * its `values` hold the last reported value under the objective's name.
   */
  async tell(studyRef: string, trialRef: string, request: api.TellRequest): Promise<api.ApiTrial> {
    const { studyId, trialId } = await this.trialRefs(studyRef, trialRef);
    const started = this.now();
    const study = this.studies.get(studyId) ?? (await this.study(studyId));
    const lastReported = prunedWithoutValue(study, request) ? lastReportedValue(await this.trial(studyId, trialId)) : null;
    const finish = buildFinish(request, study, this.now(), lastReported);
    const result = await this.storage.finishTrial(studyId, trialId, finish);
    if (!result) {
      await this.study(studyId);
      throw trialNotFound(trialId);
    }
    const settled = settleTell(result, finish);
    if (result.applied) this.observer.told(finish.state, (this.now() - started) / 1000);
    return presentTrial(settled);
  }

  /** Records an intermediate value and asks the pruner; 409 multi_objective on a multi-objective study. */
  async report(studyRef: string, trialRef: string, request: api.ReportRequest): Promise<boolean> {
    assertFinite(request.value, 'value');
    const { studyId, trialId } = await this.trialRefs(studyRef, trialRef);
    const study = await this.study(studyId);
    if (isMultiObjective(study)) {
      throw new DomainError('multi_objective', `pruning by intermediate values is single-objective; this study has ${study.objectives.length} objectives: tell the trial's values when it ends`, 'studyId');
    }
    const now = this.now();
    const result = await this.storage.addIntermediate(studyId, trialId, request.step, request.value, now, now + study.lease_seconds * 1000);
    if (!result) throw trialNotFound(trialId);
    if (!result.applied) throw conflict(result.trial, `trial ${result.trial.number} is ${result.trial.state}; only RUNNING trials take reports`);
    if (study.pruner.type === 'none') return false;
    return shouldPrune(study, result.trial, await loadTrialsFrom(this.storage, studyId), request.step);
  }

  async heartbeat(studyRef: string, trialRef: string): Promise<api.ApiTrial> {
    const { studyId, trialId } = await this.trialRefs(studyRef, trialRef);
    const study = await this.study(studyId);
    const now = this.now();
    const result = await this.storage.heartbeat(studyId, trialId, now, now + study.lease_seconds * 1000);
    if (!result) throw trialNotFound(trialId);
    if (!result.applied) throw conflict(result.trial, `trial ${result.trial.number} is ${result.trial.state}; only RUNNING trials hold a lease`);
    return presentTrial(result.trial);
  }

  /**
   * Queues a trial (no value) or records a finished one (with value). A queued trial may give only
   * some active params: the rest are filled now by the study's sampler (see fillPartialParams) and
   * its reason lists them under `detail`.
   */
  async addTrial(studyRef: string, request: api.AddTrialRequest): Promise<api.ApiTrial> {
    const study = await this.study(studyRef);
    const given = request.params as Params;
    const outcome = toldOutcome(study, request, 'WAITING');
    const userAttrs = (request.user_attrs as Record<string, unknown> | undefined) ?? {};
    let draft: TrialDraft;
    if (outcome !== null) {
      draft = { state: 'COMPLETE', params: validateParams(study.space, given), ...completeOutcome(study, outcome), user_attrs: userAttrs, reason: { strategy: 'user' } };
    } else if (leavesParamsOut(study.space, validateFixedParams(study.space, given))) {
      const { params, filled } = await fillPartialParams(study, given, deadlineAfter(this.now(), this.deadlineMs), this.settings);
      draft = { state: 'WAITING', params, user_attrs: userAttrs, reason: { strategy: 'enqueued', detail: `filled by ${study.sampler.type}: ${filled.join(', ')}` } };
    } else {
      draft = { state: 'WAITING', params: validateParams(study.space, given), user_attrs: userAttrs, reason: { strategy: 'enqueued' } };
    }
    const [trial] = await this.storage.addTrials(study.id, [draft], this.now());
    return presentTrial(trial as Trial);
  }

  async getTrial(studyRef: string, trialRef: string): Promise<api.ApiTrial> {
    const { studyId, trialId } = await this.trialRefs(studyRef, trialRef);
    return presentTrial(await this.trial(studyId, trialId));
  }

  async listTrials(studyRef: string, query: api.ListTrialsQuery = {}): Promise<api.TrialPage> {
    const studyId = await this.resolveStudyId(studyRef);
    const limit = query.limit ?? 500;
    const after = query.cursor === undefined ? -1 : decodeCursor(query.cursor);
    const rows = await this.storage.listTrials(studyId, { states: query.state, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { trials: page.map(presentTrial), next_cursor: rows.length > limit && last ? encodeCursor(last.number) : null };
  }

  /**
   * The best feasible COMPLETE trial, or null while there is none. A multi-objective study has no
   * single best: 409 multi_objective pointing to /pareto.
   */
  async best(studyRef: string): Promise<api.ApiTrial | null> {
    const study = await this.study(studyRef);
    if (isMultiObjective(study)) {
      throw new DomainError('multi_objective', `this study has ${study.objectives.length} objectives and no single best trial; its Pareto front is at /api/v1/studies/${study.id}/pareto`, 'studyId', { pareto: `/api/v1/studies/${study.id}/pareto` });
    }
    const trial = await this.storage.bestTrial(study.id, study.direction);
    return trial ? presentTrial(trial) : null;
  }

  /** The feasible non-dominated COMPLETE trials, in number order (see paretoFront). */
  async pareto(studyRef: string): Promise<api.ApiTrial[]> {
    const study = await this.study(studyRef);
    return paretoFront(study, await loadTrialsFrom(this.storage, study.id, 0, ['COMPLETE'])).map(presentTrial);
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

  /** The study a reference (id or name) names, remembered by id; throws study_not_found. */
  private async study(studyRef: string): Promise<Study> {
    const study = await findStudyByRef(this.storage, studyRef);
    if (!study) throw studyNotFound(studyRef);
    this.studies.set(study);
    return study;
  }

  /** Resolves a study reference and a trial reference within it (see resolveStudyId, resolveTrialId). */
  private async trialRefs(studyRef: string, trialRef: string): Promise<{ studyId: string; trialId: string }> {
    const studyId = await this.resolveStudyId(studyRef);
    return { studyId, trialId: await this.resolveTrialId(studyId, trialRef) };
  }

  /** The trial, or study_not_found / trial_not_found; the study is read only when the trial is missing. */
  private async trial(studyId: string, trialId: string): Promise<Trial> {
    const trial = await this.storage.getTrial(studyId, trialId);
    if (trial) return trial;
    await this.study(studyId);
    throw trialNotFound(trialId);
  }
}

/** True for a PRUNED tell without a value on a single-objective study whose trials store their metrics. */
function prunedWithoutValue(study: ObjectiveSpec, request: api.TellRequest): boolean {
  return request.state === 'PRUNED' && request.value === undefined && request.values === undefined && storesMetrics(study) && !isMultiObjective(study);
}

/** The value reported at a trial's highest step, or null. */
function lastReportedValue(trial: Trial): number | null {
  return trial.intermediate_values[trial.intermediate_values.length - 1]?.value ?? null;
}

/** The stored form of a COMPLETE added trial's outcome: `values` and `feasible` only where the study stores them. */
function completeOutcome(study: ObjectiveSpec, outcome: TrialOutcome): Pick<TrialDraft, 'value' | 'values' | 'feasible'> {
  return {
    ...(outcome.value === null ? {} : { value: outcome.value }),
    ...(storesMetrics(study) ? { values: outcome.values, ...(outcome.feasible === null ? {} : { feasible: outcome.feasible }) } : {}),
  };
}

/** The FNV-1a hash of an ask's client id or request key; 0 when absent or empty (no salt). */
function saltPart(text: string | undefined): number {
  return text ? fnv1aText(text) : 0;
}

/** A study's notes as the API answers them: `updated_at` as ISO-8601 UTC (null before the first write). */
function presentNotes(notes: StudyNotes): api.ApiStudyNotes {
  return { body: notes.body, version: notes.version, updated_at: notes.updated_at === null ? null : new Date(notes.updated_at).toISOString() };
}

/** 0 when every part is 0, else a 32-bit mix of the parts. */
function mixSalt(...parts: number[]): number {
  return parts.every((p) => p === 0) ? 0 : mixSeeds(...parts) || 1;
}

function studyNotFound(studyRef: string): DomainError {
  return new DomainError('study_not_found', `no study with id or name "${studyRef}"`, 'studyId');
}

function trialNotFound(trialRef: string): DomainError {
  return new DomainError('trial_not_found', `no trial with number or id "${trialRef}" in this study`, 'trialId');
}

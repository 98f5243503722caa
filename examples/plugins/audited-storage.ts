import {
  MemoryStorage,
  type AskClaim, type AskResult, type AskView, type CasResult, type Direction, type NewStudy, type NotesWrite, type PluginRegistry, type Storage,
  type StorageBackend, type Study, type StudyNotes, type StudySummary, type Trial, type TrialCounts, type TrialDraft, type TrialFinish, type TrialPageQuery,
} from 'baytune';

/** One write the audited storage saw: the port method and the study it touched (null for all). */
export interface AuditEntry {
  method: string;
  studyId: string | null;
}

/**
 * A third-party storage backend, written against the public API only: a thin adapter that
 * delegates every call of the Storage port to an inner storage (here baytune's MemoryStorage) and
 * keeps an audit trail of the writes. It passes `storageContract` of `baytune/testing` because it
 * changes nothing the contract speaks of; a real backend (Redis, DynamoDB, ...) would put its own
 * calls where the delegation is.
 */
export class AuditedStorage implements Storage {
  readonly audit: AuditEntry[] = [];

  constructor(private readonly inner: Storage) {}

  private wrote<T>(method: string, studyId: string | null, result: Promise<T>): Promise<T> {
    this.audit.push({ method, studyId });
    return result;
  }

  createStudy(study: NewStudy, now: number): Promise<Study> { return this.wrote('createStudy', null, this.inner.createStudy(study, now)); }
  getStudy(id: string): Promise<Study | null> { return this.inner.getStudy(id); }
  findStudyByName(name: string): Promise<Study | null> { return this.inner.findStudyByName(name); }
  patchStudyUserAttrs(id: string, patch: Record<string, unknown>): Promise<Study | null> { return this.wrote('patchStudyUserAttrs', id, this.inner.patchStudyUserAttrs(id, patch)); }
  patchTrialUserAttrs(studyId: string, trialId: string, patch: Record<string, unknown>): Promise<Trial | null> {
    return this.wrote('patchTrialUserAttrs', studyId, this.inner.patchTrialUserAttrs(studyId, trialId, patch));
  }
  getStudyNotes(id: string): Promise<StudyNotes | null> { return this.inner.getStudyNotes(id); }
  putStudyNotes(id: string, body: string, expectedVersion: number, now: number): Promise<NotesWrite | null> {
    return this.wrote('putStudyNotes', id, this.inner.putStudyNotes(id, body, expectedVersion, now));
  }
  listStudies(): Promise<StudySummary[]> { return this.inner.listStudies(); }
  studySummary(id: string): Promise<StudySummary | null> { return this.inner.studySummary(id); }
  deleteStudy(id: string): Promise<boolean> { return this.wrote('deleteStudy', id, this.inner.deleteStudy(id)); }
  addTrials(studyId: string, drafts: TrialDraft[], now: number): Promise<Trial[]> { return this.wrote('addTrials', studyId, this.inner.addTrials(studyId, drafts, now)); }
  commitAsk(studyId: string, claim: AskClaim, drafts: TrialDraft[]): Promise<AskResult> { return this.wrote('commitAsk', studyId, this.inner.commitAsk(studyId, claim, drafts)); }
  askView(studyId: string, clientId: string | null): Promise<AskView> { return this.inner.askView(studyId, clientId); }
  countTrials(studyId: string): Promise<TrialCounts> { return this.inner.countTrials(studyId); }
  getTrial(studyId: string, trialId: string): Promise<Trial | null> { return this.inner.getTrial(studyId, trialId); }
  listTrials(studyId: string, query: TrialPageQuery): Promise<Trial[]> { return this.inner.listTrials(studyId, query); }
  bestTrial(studyId: string, direction: Direction): Promise<Trial | null> { return this.inner.bestTrial(studyId, direction); }
  finishTrial(studyId: string, trialId: string, finish: TrialFinish): Promise<CasResult | null> { return this.wrote('finishTrial', studyId, this.inner.finishTrial(studyId, trialId, finish)); }
  addIntermediate(studyId: string, trialId: string, step: number, value: number, now: number, leaseExpiresAt: number): Promise<CasResult | null> {
    return this.wrote('addIntermediate', studyId, this.inner.addIntermediate(studyId, trialId, step, value, now, leaseExpiresAt));
  }
  heartbeat(studyId: string, trialId: string, now: number, leaseExpiresAt: number): Promise<CasResult | null> { return this.wrote('heartbeat', studyId, this.inner.heartbeat(studyId, trialId, now, leaseExpiresAt)); }
  reapExpiredLeases(now: number): Promise<Trial[]> { return this.wrote('reapExpiredLeases', null, this.inner.reapExpiredLeases(now)); }
  forgetAskRequests(before: number): Promise<number> { return this.wrote('forgetAskRequests', null, this.inner.forgetAskRequests(before)); }
  ping(): Promise<void> { return this.inner.ping(); }
  close(): Promise<void> { return this.inner.close(); }
}

/** Locations `audited-memory` and `audited-memory:<anything>` open a fresh audited in-memory storage. */
export const auditedMemoryBackend: StorageBackend = {
  type: 'audited-memory',
  handles: (location) => location === 'audited-memory' || location.startsWith('audited-memory:'),
  open: async () => new AuditedStorage(new MemoryStorage()),
};

/** The plugin entry `--plugin` and loadPlugins call. */
export function register(registry: PluginRegistry): void {
  registry.registerStorage(auditedMemoryBackend);
}

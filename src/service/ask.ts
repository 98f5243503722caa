import type { AskRequest } from '../api/types';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import { createSampler } from '../samplers/registry';
import type { Storage, TrialDraft } from '../storage/port';
import { readHistory, type TrialCounter } from './history-snapshot';
import type { ServiceObserver } from './observer';
import { suggest } from './suggest';

/** Settings of the ask use-case. */
export interface AskSettings {
  deadlineMs: number;
  now: () => number;
  observer: ServiceObserver;
  /** Remembers trial counts so samplers that need only the count never load the history. */
  counter: TrialCounter;
}

const MAX_ROUNDS = 3;

/**
 * Hands out `count` RUNNING trials: queued (WAITING) ones first, then the sampler's suggestions.
 * - With client_id and request_key, the ask is idempotent: a replay returns the first answer.
 *   The sampler then proposes `count` points up front, so the one atomic commit can always fill
 *   the request whatever the queue holds by then.
 * - With client_id alone, trials that client still holds RUNNING are handed back first (a restarted
 *   worker resumes its trial, as in Vizier).
 * - The sampler runs outside any transaction, on a snapshot of the history (only the trial count
 *   for samplers that declare `history: 'count'`); the commit then claims
 *   and appends atomically. When other askers drained the queue in between, another round fills
 *   the rest.
 */
export async function askTrials(storage: Storage, study: Study, request: AskRequest, settings: AskSettings): Promise<Trial[]> {
  const count = request.count ?? 1;
  const clientId = request.client_id ?? null;
  const requestKey = clientId !== null ? (request.request_key ?? null) : null;
  const held = clientId !== null && requestKey === null ? await storage.runningTrialsOf(study.id, clientId) : [];
  if (held.length >= count) return held.slice(0, count);

  const handedOut: Trial[] = [...held];
  const sampler = createSampler(study.sampler, study.space);
  for (let round = 0; round < MAX_ROUNDS && handedOut.length < count; round++) {
    const want = count - handedOut.length;
    const snapshot = await readHistory(storage, study, sampler.history ?? 'full', settings.counter);
    const waiting = requestKey === null ? snapshot.waiting : 0;
    const fresh = await suggest(study, sampler, snapshot, { ...settings, count: Math.max(0, want - waiting) });
    const drafts: TrialDraft[] = fresh.map((s) => ({ state: 'RUNNING', params: s.params, reason: s.reason }));
    const now = settings.now();
    const result = await storage.commitAsk(
      study.id,
      { client_id: clientId, request_key: requestKey, count: want, now, lease_expires_at: now + study.lease_seconds * 1000 },
      drafts,
    );
    handedOut.push(...result.trials);
    if (result.replayed || requestKey !== null) break;
  }
  return handedOut;
}

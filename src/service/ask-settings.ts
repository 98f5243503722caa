import type { Deadline } from '../domain/deadline';
import type { Trial } from '../domain/trial';
import type { Storage } from '../storage/port';
import type { AskRounds } from './ask-rounds';
import type { ServiceObserver } from './observer';
import type { SamplerRunner } from './sampler-job';
import type { StudyHistories } from './study-histories';

/** The one settings object of the ask path, built once per StudyService. */
export interface AskSettings {
  storage: Storage;
  /** Clock in epoch milliseconds. */
  now: () => number;
  observer: ServiceObserver;
  /** Where model-based samplers run (the runtime's sampler pool, or inline). */
  runner: SamplerRunner;
  /** Studies' parsed histories, kept across asks. */
  histories: StudyHistories;
  /** The per-study rounds that model-based asks share. */
  rounds: AskRounds;
}

/** What a round needs of the settings (all but the rounds themselves). */
export type RoundSettings = Omit<AskSettings, 'rounds'>;

/** One ask as the rounds see it: who asks, how many trials are still wanted, and by when. */
export interface RoundOrder {
  clientId: string | null;
  /** Only with a client id; makes the ask idempotent. */
  requestKey: string | null;
  want: number;
  deadline: Deadline;
  /** Salts the sampler seed: 0 for an anonymous ask, a hash of client_id and request_key otherwise. */
  salt: number;
}

/** What one round handed out; `final` when no further round may run (a keyed ask or a replay). */
export interface RoundResult {
  trials: Trial[];
  final: boolean;
}

import * as os from 'node:os';
import * as path from 'node:path';
import type { ApiStudy, ApiStudySummary, ApiTrial, CreateStudyRequest } from '../api/types';
import { allTrials } from '../client/all-trials';
import { askOrStop } from '../client/ask-or-stop';
import type { StudyClient } from '../client/study-client';
import type { SearchSpace } from '../domain/space';
import { toLoss } from '../domain/objectives';
import type { Trainer, TrainerLogger } from '../trainer/trainer';
import { runTrial, type TrialOutcome } from './run-trial';

/** Everything `baytune run` needs once the client, trainer and space are settled. */
export interface RunOptions {
  client: StudyClient;
  /** The trainer: its name, direction and (by default) its `train` for every worker loop. */
  trainer: Trainer;
  /** The trainer worker loop `index` (0-based) trains with, e.g. one on its own thread; default `trainer`. */
  trainerFor?: (index: number) => Trainer;
  /** The study's name: an existing study of that name is resumed, else one is created. */
  studyName: string;
  space: SearchSpace;
  /** Trials this run adds (>= 1), across all workers. */
  trials: number;
  /** Concurrent worker loops (>= 1). */
  workers: number;
  sampler?: CreateStudyRequest['sampler'];
  pruner?: CreateStudyRequest['pruner'];
  /** Root of the weights folders: <weightsRoot>/<study id>/<trial number>/. */
  weightsRoot: string;
  baseSeed: number;
  leaseSeconds: number;
  signal: AbortSignal;
  logger: TrainerLogger;
  /** Called after every finished trial, with the best value so far (null while none is COMPLETE). */
  onTrialDone?: (outcome: TrialOutcome, best: number | null) => void;
}

/** What a run leaves: the study, this run's outcomes and the study's best trials (best first). */
export interface RunSummary {
  study: ApiStudy | ApiStudySummary;
  studyDir: string;
  outcomes: TrialOutcome[];
  best: ApiTrial[];
  interrupted: boolean;
}

async function findOrCreateStudy(options: RunOptions): Promise<ApiStudy | ApiStudySummary> {
  const existing = (await options.client.listStudies()).find((s) => s.name === options.studyName);
  if (existing) {
    const missing = Object.keys(options.space).filter((name) => !(name in existing.space));
    if (missing.length > 0) throw new Error(`study "${existing.name}" exists with a different space (no ${missing.join(', ')}); pick another --study name`);
    options.logger.info(`resuming study "${existing.name}" (${existing.id})`);
    return existing;
  }
  const request: CreateStudyRequest = {
    name: options.studyName,
    direction: options.trainer.direction ?? 'minimize',
    space: options.space as CreateStudyRequest['space'],
    lease_seconds: options.leaseSeconds,
    user_attrs: { trainer: options.trainer.name },
    ...(options.sampler ? { sampler: options.sampler } : {}),
    ...(options.pruner ? { pruner: options.pruner } : {}),
  };
  const study = await options.client.createStudy(request);
  options.logger.info(`created study "${study.name}" (${study.id})`);
  return study;
}

/** Best COMPLETE trials first (by the study's direction), at most `limit`; keeps only `limit` in memory. */
export async function bestTrials(client: StudyClient, study: ApiStudy | ApiStudySummary, limit: number): Promise<ApiTrial[]> {
  let best: ApiTrial[] = [];
  for await (const trial of allTrials(client, study.id, { state: ['COMPLETE'] })) {
    if (trial.value === null) continue;
    best = [...best, trial].sort((a, b) => (toLoss(a.value as number, study.direction) < toLoss(b.value as number, study.direction) ? -1 : 1)).slice(0, limit);
  }
  return best;
}

/**
 * Runs `trials` trials of the trainer in `workers` concurrent loops (each asks with its own
 * client_id, trains with `trainerFor(index)`, heartbeats, reports every epoch and tells). Stops
 * asking once the signal fires; trials then running are told FAIL 'interrupted' by runTrial. A
 * trial the trainer fails is recorded FAIL and the run goes on.
 */
export async function runStudy(options: RunOptions): Promise<RunSummary> {
  const study = await findOrCreateStudy(options);
  const studyDir = path.resolve(options.weightsRoot, study.id);
  // NOTE: a resumed study keeps its own lease; heartbeats come three times per lease, at most every 30 s.
  const heartbeatSeconds = Math.max(1, Math.min(30, study.lease_seconds / 3));
  const settings = { client: options.client, studyId: study.id, trainer: options.trainer, studyDir, baseSeed: options.baseSeed, heartbeatSeconds, signal: options.signal, logger: options.logger };
  const outcomes: TrialOutcome[] = [];
  let remaining = options.trials;
  let best: number | null = (await options.client.best(study.id))?.value ?? null;
  const worker = async (index: number): Promise<void> => {
    const clientId = `${os.hostname()}-${process.pid}-w${index}`;
    const loop = { ...settings, trainer: options.trainerFor?.(index) ?? options.trainer };
    while (remaining > 0 && !options.signal.aborted) {
      remaining -= 1;
      const trial = await askOrStop(options.client, study.id, clientId, (message) => options.logger.info(message));
      if (!trial) return;
      const outcome = await runTrial(loop, trial);
      outcomes.push(outcome);
      if (outcome.state === 'COMPLETE' && outcome.value !== null && (best === null || toLoss(outcome.value, study.direction) < toLoss(best, study.direction))) best = outcome.value;
      options.onTrialDone?.(outcome, best);
    }
  };
  const ends = await Promise.allSettled(Array.from({ length: options.workers }, (_, i) => worker(i)));
  const failed = ends.find((e): e is PromiseRejectedResult => e.status === 'rejected');
  if (failed) throw failed.reason;
  return { study, studyDir, outcomes, best: await bestTrials(options.client, study, 5), interrupted: options.signal.aborted };
}

import * as os from 'node:os';
import * as path from 'node:path';
import type { ApiStudy, ApiTrial, CreateStudyRequest } from '../api/types';
import { allTrials } from '../client/all-trials';
import { askOrStop } from '../client/ask-or-stop';
import type { StudyClient } from '../client/study-client';
import { DEFAULT_OBJECTIVE_NAME, toLoss, type Objective, type ObjectiveSpec, type OutcomeConstraint } from '../domain/objectives';
import type { SearchSpace } from '../domain/space';
import type { Trainer, TrainerLogger } from '../trainer/trainer';
import { specDifferences, studySpec, tellPlan } from './run-metrics';
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
  /**
   * The objectives, by metric name: `value` is what the trainer returns as value, any other name
   * one of its metrics. Default: one objective `value` in the trainer's direction.
   */
  objectives?: Objective[];
  /** Outcome constraints on the trainer's metrics (default none). */
  constraints?: OutcomeConstraint[];
  /** Root of the weights folders: <weightsRoot>/<study id>/<trial number>/. */
  weightsRoot: string;
  baseSeed: number;
  leaseSeconds: number;
  signal: AbortSignal;
  logger: TrainerLogger;
  /**
   * Called after every finished trial, with the best feasible value so far (null while none is
   * COMPLETE, and on a multi-objective study) and, on a multi-objective study, the size of the
   * Pareto front so far.
   */
  onTrialDone?: (outcome: TrialOutcome, best: number | null, front?: number) => void;
}

/**
 * What a run leaves: the study, this run's outcomes and the study's best trials (best first; the
 * Pareto front in trial order on a multi-objective study).
 */
export interface RunSummary {
  study: ApiStudy;
  studyDir: string;
  outcomes: TrialOutcome[];
  best: ApiTrial[];
  interrupted: boolean;
}

/** The objectives and constraints the run asks for, or null when it asks for neither (any study does). */
function wantedSpec(options: RunOptions): ObjectiveSpec | null {
  if (!options.objectives?.length && !options.constraints?.length) return null;
  const objectives: Objective[] = options.objectives?.length ? options.objectives : [{ name: DEFAULT_OBJECTIVE_NAME, direction: options.trainer.direction ?? 'minimize' }];
  return { objectives, constraints: options.constraints ?? [] };
}

async function findOrCreateStudy(options: RunOptions): Promise<ApiStudy> {
  const wanted = wantedSpec(options);
  const existing = (await options.client.listStudies()).find((s) => s.name === options.studyName);
  if (existing) {
    const missing = Object.keys(options.space).filter((name) => !(name in existing.space));
    if (missing.length > 0) throw new Error(`study "${existing.name}" exists with a different space (no ${missing.join(', ')}); pick another --study name`);
    const study = await options.client.getStudy(existing.id);
    const differences = wanted === null ? [] : specDifferences(wanted, studySpec(study));
    if (differences.length > 0) throw new Error(`study "${existing.name}" exists with other ${differences.join('; ')}; pick another --study name`);
    options.logger.info(`resuming study "${existing.name}" (${existing.id})`);
    return study;
  }
  const request: CreateStudyRequest = {
    name: options.studyName,
    ...(wanted === null ? { direction: options.trainer.direction ?? 'minimize' } : { objectives: wanted.objectives, ...(wanted.constraints.length > 0 ? { constraints: wanted.constraints } : {}) }),
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

/**
 * Best feasible COMPLETE trials first (by the study's direction), at most `limit`; keeps only
 * `limit` in memory. On a multi-objective study: the Pareto front, in trial order.
 */
export async function bestTrials(client: StudyClient, study: ApiStudy, limit: number): Promise<ApiTrial[]> {
  if (study.objectives.length > 1) return client.pareto(study.id);
  let best: ApiTrial[] = [];
  for await (const trial of allTrials(client, study.id, { state: ['COMPLETE'] })) {
    if (trial.value === null || trial.feasible === false) continue;
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
  const spec = studySpec(study);
  const multi = spec.objectives.length > 1;
  const settings = { client: options.client, studyId: study.id, trainer: options.trainer, studyDir, baseSeed: options.baseSeed, heartbeatSeconds, signal: options.signal, logger: options.logger, plan: tellPlan(spec) };
  const outcomes: TrialOutcome[] = [];
  let remaining = options.trials;
  let best: number | null = multi ? null : (await options.client.best(study.id))?.value ?? null;
  const worker = async (index: number): Promise<void> => {
    const clientId = `${os.hostname()}-${process.pid}-w${index}`;
    const loop = { ...settings, trainer: options.trainerFor?.(index) ?? options.trainer };
    while (remaining > 0 && !options.signal.aborted) {
      remaining -= 1;
      const trial = await askOrStop(options.client, study.id, clientId, (message) => options.logger.info(message));
      if (!trial) return;
      const outcome = await runTrial(loop, trial);
      outcomes.push(outcome);
      if (multi) {
        options.onTrialDone?.(outcome, null, (await options.client.pareto(study.id)).length);
        continue;
      }
      const better = outcome.value !== null && (best === null || toLoss(outcome.value, study.direction) < toLoss(best, study.direction));
      if (outcome.state === 'COMPLETE' && outcome.feasible !== false && better) best = outcome.value;
      options.onTrialDone?.(outcome, best);
    }
  };
  const ends = await Promise.allSettled(Array.from({ length: options.workers }, (_, i) => worker(i)));
  const failed = ends.find((e): e is PromiseRejectedResult => e.status === 'rejected');
  if (failed) throw failed.reason;
  return { study, studyDir, outcomes, best: await bestTrials(options.client, study, 5), interrupted: options.signal.aborted };
}

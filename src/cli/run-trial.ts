import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiTrial } from '../api/types';
import type { StudyClient } from '../client/study-client';
import { own } from '../domain/space';
import type { Trainer, TrainerLogger, TrainResult } from '../trainer/trainer';
import { resultMetric, toldValues, type TellPlan } from './run-metrics';

/** How one trial ended, as told to the study. */
export interface TrialOutcome {
  number: number;
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  /** The single objective's value (null on a multi-objective study, and for FAIL). */
  value: number | null;
  /** Every objective and constraint told by name (absent when the study has the plain `value` only). */
  values?: Record<string, number>;
  /** The server's verdict on the constraints (COMPLETE trials of a constrained study). */
  feasible?: boolean | null;
  weightsDir: string;
  reason?: string;
}

/** What every trial of a run shares. */
export interface TrialRunSettings {
  client: StudyClient;
  studyId: string;
  trainer: Trainer;
  /** Directory holding one folder per trial number (weights), for `pretrained` too. */
  studyDir: string;
  baseSeed: number;
  /** Seconds between heartbeats while a trial trains. */
  heartbeatSeconds: number;
  signal: AbortSignal;
  logger: TrainerLogger;
  /** What is reported every epoch and told at the end (see TellPlan). */
  plan: TellPlan;
}

/** The trial's seed: a 31-bit mix of the run's base seed and the trial number. */
export function trialSeed(baseSeed: number, number: number): number {
  return (Math.imul(baseSeed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(number + 1, 0xc2b2ae35)) >>> 1;
}

function startHeartbeats(settings: TrialRunSettings, trial: ApiTrial): () => void {
  const timer = setInterval(() => {
    settings.client.heartbeat(settings.studyId, trial.id).catch((err: unknown) => settings.logger.warn(`trial ${trial.number}: heartbeat failed: ${(err as Error).message}`));
  }, settings.heartbeatSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The trainer's string attributes, as a null-prototype object (their names are the trainer's). */
function stringAttributes(attributes: Record<string, string> | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(attributes ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function finiteMetrics(metrics: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics ?? {}).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}

/** The single objective's value of a result (null with several objectives, or when the trainer lacks it). */
function objectiveValue(plan: TellPlan, result: TrainResult): number | null {
  const v = plan.reported === null ? undefined : resultMetric(result, plan.reported);
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/**
 * Tells FAIL; when the trial already finished on the server (its lease lapsed and it was reaped,
 * which also makes the COMPLETE tell or a report fail), says so and lets the run go on.
 */
async function tellFailUnlessFinished(settings: TrialRunSettings, trial: ApiTrial, reason: string): Promise<void> {
  try {
    await settings.client.tell(settings.studyId, trial.id, { state: 'FAIL', reason });
  } catch (error) {
    if ((error as { code?: string }).code !== 'trial_state_conflict') throw error;
    settings.logger.warn(`trial ${trial.number}: already finished on the server (lease lapsed?); ${(error as Error).message}`);
  }
}

/**
 * Trains one RUNNING trial and tells its end: COMPLETE with the value (or, on a study with named
 * objectives or constraints, every one of them from the trainer's metrics), PRUNED when a report
 * said stop, FAIL with the error (or 'interrupted' after the run's signal fired; or a metric the
 * study needs and the trainer did not return). Reports the single objective every epoch; nothing
 * on a multi-objective study. Heartbeats renew the lease meanwhile. Never throws for a trainer's
 * failure; a failing tell does throw.
 */
export async function runTrial(settings: TrialRunSettings, trial: ApiTrial): Promise<TrialOutcome> {
  const { client, studyId, trainer, logger } = settings;
  const trialDir = path.join(settings.studyDir, String(trial.number));
  fs.mkdirSync(trialDir, { recursive: true });
  let pruned = false;
  const report = async (step: number, metrics: { value: number } & Record<string, number>): Promise<boolean> => {
    const reported = settings.plan.reported;
    const value = reported === null ? undefined : reported === 'value' ? metrics.value : own(metrics, reported);
    if (typeof value !== 'number' || !Number.isFinite(value)) return pruned;
    if (await client.report(studyId, trial.id, { step, value })) pruned = true;
    return pruned;
  };
  const stopHeartbeats = startHeartbeats(settings, trial);
  try {
    const seed = trialSeed(settings.baseSeed, trial.number);
    const result = await trainer.train(trial.params, { seed, signal: settings.signal, logger, report, trialDir, studyDir: settings.studyDir, trialNumber: trial.number });
    if (typeof result?.value !== 'number' || !Number.isFinite(result.value)) throw new Error(`returned a non-finite value ${String(result?.value)}`);
    const saved = fs.readdirSync(trialDir).length > 0;
    const user_attrs = { ...stringAttributes(result.attributes), metrics: finiteMetrics(result.metrics), seed, ...(saved ? { weights_dir: trialDir } : {}) };
    const value = objectiveValue(settings.plan, result);
    if (pruned) {
      await client.tell(studyId, trial.id, { state: 'PRUNED', user_attrs });
      return { number: trial.number, state: 'PRUNED', value, weightsDir: trialDir };
    }
    const names = settings.plan.names;
    if (names === null) {
      await client.tell(studyId, trial.id, { value: result.value, user_attrs });
      return { number: trial.number, state: 'COMPLETE', value, weightsDir: trialDir };
    }
    const values = toldValues(names, result);
    const told = await client.tell(studyId, trial.id, { state: 'COMPLETE', values, user_attrs });
    return { number: trial.number, state: 'COMPLETE', value, values, feasible: told.feasible, weightsDir: trialDir };
  } catch (error) {
    const reason = settings.signal.aborted ? 'interrupted' : `${trainer.name} failed: ${(error as Error).message ?? String(error)}`.slice(0, 10_000);
    logger.warn(`trial ${trial.number}: FAIL (${reason})`);
    await tellFailUnlessFinished(settings, trial, reason);
    return { number: trial.number, state: 'FAIL', value: null, weightsDir: trialDir, reason };
  } finally {
    stopHeartbeats();
  }
}

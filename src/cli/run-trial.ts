import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiTrial } from '../api/types';
import type { StudyClient } from '../client/study-client';
import type { Trainer, TrainerLogger } from '../trainer/trainer';

/** How one trial ended, as told to the study. */
export interface TrialOutcome {
  number: number;
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  value: number | null;
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
 * Trains one RUNNING trial and tells its end: COMPLETE with the value, PRUNED when a report said
 * stop, FAIL with the error (or 'interrupted' after the run's signal fired). Heartbeats renew the
 * lease meanwhile. Never throws for a trainer's failure; a failing tell does throw.
 */
export async function runTrial(settings: TrialRunSettings, trial: ApiTrial): Promise<TrialOutcome> {
  const { client, studyId, trainer, logger } = settings;
  const trialDir = path.join(settings.studyDir, String(trial.number));
  fs.mkdirSync(trialDir, { recursive: true });
  let pruned = false;
  const report = async (step: number, metrics: { value: number }): Promise<boolean> => {
    if (await client.report(studyId, trial.id, { step, value: metrics.value })) pruned = true;
    return pruned;
  };
  const stopHeartbeats = startHeartbeats(settings, trial);
  try {
    const seed = trialSeed(settings.baseSeed, trial.number);
    const result = await trainer.train(trial.params, { seed, signal: settings.signal, logger, report, trialDir, studyDir: settings.studyDir, trialNumber: trial.number });
    if (typeof result?.value !== 'number' || !Number.isFinite(result.value)) throw new Error(`returned a non-finite value ${String(result?.value)}`);
    const saved = fs.readdirSync(trialDir).length > 0;
    const user_attrs = { ...stringAttributes(result.attributes), metrics: finiteMetrics(result.metrics), seed, ...(saved ? { weights_dir: trialDir } : {}) };
    if (pruned) {
      await client.tell(studyId, trial.id, { state: 'PRUNED', user_attrs });
      return { number: trial.number, state: 'PRUNED', value: result.value, weightsDir: trialDir };
    }
    await client.tell(studyId, trial.id, { value: result.value, user_attrs });
    return { number: trial.number, state: 'COMPLETE', value: result.value, weightsDir: trialDir };
  } catch (error) {
    const reason = settings.signal.aborted ? 'interrupted' : `${trainer.name} failed: ${(error as Error).message ?? String(error)}`.slice(0, 10_000);
    logger.warn(`trial ${trial.number}: FAIL (${reason})`);
    await tellFailUnlessFinished(settings, trial, reason);
    return { number: trial.number, state: 'FAIL', value: null, weightsDir: trialDir, reason };
  } finally {
    stopHeartbeats();
  }
}

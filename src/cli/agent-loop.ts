import * as path from 'node:path';
import type { ApiTrial, TellRequest } from '../api/types';
import { askOrStop } from '../client/ask-or-stop';
import type { StudyClient } from '../client/study-client';
import { fillPlaceholders, unknownPlaceholders } from './agent-lines';
import { findProgram, stderrTailForConsole } from './agent-program';
import { runProgram, type ProgramOutcome } from './agent-process';
import { studySpec, tellPlan, type TellPlan } from './run-metrics';

/** Settings of an agent: which study, which program, how many trials and limits. */
export interface AgentOptions {
  client: StudyClient;
  studyId: string;
  /** The program and its arguments, with `{param}` placeholders. */
  command: string[];
  clientId: string;
  trials: number;
  timeoutSeconds?: number;
  killGraceSeconds: number;
  /** Each trial gets <workDir>/<study id>/<trial number>/ for its params and result files. */
  workDir: string;
  signal: AbortSignal;
  log(line: string): void;
}

/** How one trial of the agent ended. */
export interface AgentTrialOutcome {
  number: number;
  state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  /** The single objective's value (null on a multi-objective study). */
  value: number | null;
  /** Every objective and constraint told by name (studies with named metrics only). */
  values?: Record<string, number>;
  reason?: string;
  /** The program could not be started at all: the agent stops instead of burning more trials. */
  fatal?: boolean;
}

/** Prefix of the failure reason runProgram gives when the program cannot be spawned. */
const CANNOT_START = 'cannot start ';

/**
 * The tell of a program's result: `{value}` on a plain single-objective study, else `{values}`
 * naming every objective and constraint (`value` stands for the metric `value`); a FAIL naming
 * the first metric the program did not give. Metrics the study does not know are left out.
 */
function completeTell(plan: TellPlan, outcome: Extract<ProgramOutcome, { kind: 'value' }>): { tell: TellRequest } | { failure: string } {
  if (plan.names === null) {
    return outcome.value === undefined ? { failure: 'the program gave "values" but the study has one objective: print \'baytune: {"value": x}\'' } : { tell: { value: outcome.value } };
  }
  const values = Object.create(null) as Record<string, number>;
  for (const name of plan.names) {
    const v = outcome.values?.get(name) ?? (name === 'value' ? outcome.value : undefined);
    if (v === undefined) return { failure: `the study needs metric "${name}": print 'baytune: {"values": {${plan.names.map((n) => `"${n}": x`).join(', ')}}}'` };
    values[name] = v;
  }
  return { tell: { state: 'COMPLETE', values } };
}

async function tellOutcome(options: AgentOptions & { plan: TellPlan }, trial: ApiTrial, outcome: ProgramOutcome): Promise<AgentTrialOutcome> {
  const { client, studyId } = options;
  if (outcome.kind === 'value') {
    const complete = completeTell(options.plan, outcome);
    if ('failure' in complete) return tellOutcome(options, trial, { kind: 'failed', reason: complete.failure });
    const told = await client.tell(studyId, trial.id, complete.tell);
    return { number: trial.number, state: 'COMPLETE', value: told.value, ...(complete.tell.values ? { values: complete.tell.values } : {}) };
  }
  if (outcome.kind === 'pruned') {
    await client.tell(studyId, trial.id, { state: 'PRUNED' });
    return { number: trial.number, state: 'PRUNED', value: outcome.lastValue };
  }
  const reason = outcome.reason.slice(-10_000);
  await client.tell(studyId, trial.id, { state: 'FAIL', reason });
  return { number: trial.number, state: 'FAIL', value: null, reason, ...(reason.startsWith(CANNOT_START) ? { fatal: true } : {}) };
}

async function runOne(options: AgentOptions & { plan: TellPlan }, trial: ApiTrial, heartbeatMs: number): Promise<AgentTrialOutcome> {
  const beat = setInterval(() => {
    options.client.heartbeat(options.studyId, trial.id).catch((err: unknown) => options.log(`trial ${trial.number}: heartbeat failed: ${(err as Error).message}`));
  }, heartbeatMs);
  beat.unref();
  try {
    const outcome = await runProgram({
      command: fillPlaceholders(options.command, trial.params),
      env: { BAYTUNE_STUDY_ID: options.studyId, BAYTUNE_TRIAL_ID: trial.id, BAYTUNE_TRIAL_NUMBER: String(trial.number) },
      workDir: path.join(options.workDir, options.studyId, String(trial.number)),
      params: trial.params,
      ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
      killGraceSeconds: options.killGraceSeconds,
      signal: options.signal,
      // NOTE: a multi-objective study takes no intermediate values (409): its reports are dropped.
      report: async (step, value) => options.plan.reported !== null && options.client.report(options.studyId, trial.id, { step, value }),
      echo: (line) => options.log(`[trial ${trial.number}] ${line}`),
    });
    return await tellOutcome(options, trial, outcome);
  } catch (error) {
    // NOTE: a trial reaped after a lapsed lease (or told by someone else) refuses our tell: the agent goes on.
    if ((error as { code?: string }).code !== 'trial_state_conflict') throw error;
    options.log(`trial ${trial.number}: already finished on the server; ${(error as Error).message}`);
    return { number: trial.number, state: 'FAIL', value: null, reason: 'already finished on the server' };
  } finally {
    clearInterval(beat);
  }
}

/**
 * Runs up to `trials` trials one after another: ask (with the agent's client_id), run the program,
 * tell COMPLETE / PRUNED / FAIL (COMPLETE with every objective and constraint by name when the
 * study has named metrics; see completeTell). Checks before the first trial that the program exists and that
 * every placeholder names a parameter of the study's space. Stops asking once the signal fires,
 * and after a trial whose program could not be started (the outcome is `fatal`).
 */
export async function runAgent(options: AgentOptions): Promise<AgentTrialOutcome[]> {
  const program = options.command[0] ?? '';
  if (findProgram(program) === null) {
    throw new Error(`cannot find the program "${program}"${program.includes('/') ? '' : ' on PATH'}; no trial was asked for`);
  }
  const study = await options.client.getStudy(options.studyId);
  // A study given by name runs under its id: work folders and BAYTUNE_STUDY_ID never hold a name.
  const run = { ...options, studyId: study.id, plan: tellPlan(studySpec(study)) };
  const unknown = unknownPlaceholders(options.command, Object.keys(study.space));
  if (unknown.length > 0) throw new Error(`placeholders {${unknown.join('}, {')}} are not parameters of study ${study.name}; it has ${Object.keys(study.space).join(', ')}`);
  const heartbeatMs = Math.max(1, Math.min(30, study.lease_seconds / 3)) * 1000;
  const outcomes: AgentTrialOutcome[] = [];
  for (let i = 0; i < options.trials && !options.signal.aborted; i += 1) {
    const trial = await askOrStop(run.client, run.studyId, run.clientId, run.log);
    if (!trial) break;
    const outcome = await runOne(run, trial, heartbeatMs);
    const shown = outcome.values ? ` ${Object.entries(outcome.values).map(([k, v]) => `${k}=${v}`).join(' ')}` : outcome.value !== null ? ` ${outcome.value}` : '';
    options.log(`trial ${outcome.number}: ${outcome.state}${shown}${outcome.reason ? ` (${outcome.reason.split('\n')[0]})` : ''}`);
    const tail = outcome.reason ? stderrTailForConsole(outcome.reason) : '';
    if (tail) options.log(tail);
    outcomes.push(outcome);
    if (outcome.fatal) {
      options.log(`stopping: the program cannot be started (${outcome.reason})`);
      break;
    }
  }
  return outcomes;
}

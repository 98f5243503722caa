import type { Command } from 'commander';
import type { ApiTrial, TellRequest } from '../api/types';
import { parseValuesFlag, valuesObject } from './objective-flags';
import { finiteArgument } from './report';
import { formatNumber, json, processIo, withClient, studyCommand, type CliIo, type ConnectionOptions } from './output';

interface TellOptions extends ConnectionOptions {
  value?: string;
  values?: string;
  fail?: boolean;
  state?: string;
  reason?: string;
}

/**
 * The tell body of the options: --value (a finite number) or --values name=v,... (every objective
 * and constraint of the study) for COMPLETE, or --state PRUNED|FAIL (--fail is --state FAIL) with
 * an optional --reason; a PRUNED trial may also carry --value or --values.
 */
export function tellRequest(options: TellOptions): TellRequest {
  if (options.values !== undefined) return withValues(options);
  const state = options.fail ? 'FAIL' : options.state?.toUpperCase() ?? (options.value === undefined ? undefined : 'COMPLETE');
  if (options.fail && options.state !== undefined && options.state.toUpperCase() !== 'FAIL') throw new Error('--fail and --state disagree; give one of them');
  if (state !== 'COMPLETE' && state !== 'PRUNED' && state !== 'FAIL') {
    throw new Error(state === undefined ? 'give --value <number> or --values name=number,..., or --state PRUNED|FAIL' : `--state must be COMPLETE, PRUNED or FAIL, got "${options.state}"`);
  }
  if (state === 'FAIL' && options.value !== undefined) throw new Error('a FAIL trial takes no --value');
  if (state === 'COMPLETE' && options.value === undefined) throw new Error('--state COMPLETE needs --value <number>');
  const request: TellRequest = state === 'COMPLETE' ? { value: finiteArgument(options.value ?? '', '--value') } : { state };
  if (state === 'PRUNED' && options.value !== undefined) request.value = finiteArgument(options.value, '--value');
  if (options.reason && state !== 'COMPLETE') request.reason = options.reason;
  return request;
}

/** The tell of --values: COMPLETE (or --state PRUNED) with every metric by name. */
function withValues(options: TellOptions): TellRequest {
  if (options.value !== undefined) throw new Error('give --value (one objective) or --values (named metrics), not both');
  const state = options.fail ? 'FAIL' : options.state?.toUpperCase() ?? 'COMPLETE';
  if (state !== 'COMPLETE' && state !== 'PRUNED') throw new Error('--values goes with COMPLETE or PRUNED; a FAIL trial takes no --values');
  const request: TellRequest = { state, values: valuesObject(parseValuesFlag(options.values ?? '')) };
  if (options.reason && state === 'PRUNED') request.reason = options.reason;
  return request;
}

/** `trial 3 COMPLETE 0.25`, or with named metrics `trial 3 COMPLETE val_loss=0.2 latency_ms=31 (infeasible)`. */
export function toldLine(trial: ApiTrial): string {
  const values = trial.values ?? null;
  const named = values !== null && (trial.value === null || Object.keys(values).length > 1);
  const shown = named ? ` ${Object.entries(values).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ')}` : trial.value === null ? '' : ` ${formatNumber(trial.value)}`;
  return `trial ${trial.number} ${trial.state}${shown}${trial.feasible === false ? ' (infeasible)' : ''}\n`;
}

/** `baytune tell STUDY TRIAL --value V | --values NAME=V,... | --state PRUNED|FAIL [--reason R]`: finishes a RUNNING trial. */
export function registerTellCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'tell', 'finish a trial with its objective value, or as pruned or failed')
    .argument('<trial>', 'trial number or id')
    .option('--value <number>', 'the objective value')
    .option('--values <name=number,...>', 'every objective and constraint by name, e.g. val_loss=0.2,latency_ms=31')
    .option('--state <state>', 'COMPLETE (with --value or --values), PRUNED or FAIL')
    .option('--fail', 'the same as --state FAIL')
    .option('--reason <text>', 'why it failed or was pruned')
    .action((studyId: string, trialId: string, options: TellOptions) => {
      const request = tellRequest(options);
      return withClient(options, async (client) => {
        const trial = await client.tell(studyId, trialId, request);
        io.out(options.json ? json(trial) : toldLine(trial));
      });
    });
}

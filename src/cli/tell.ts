import type { Command } from 'commander';
import type { TellRequest } from '../api/types';
import { finiteArgument } from './report';
import { formatNumber, json, processIo, withClient, studyCommand, type CliIo, type ConnectionOptions } from './output';

interface TellOptions extends ConnectionOptions {
  value?: string;
  fail?: boolean;
  state?: string;
  reason?: string;
}

/**
 * The tell body of the options: --value (a finite number) for COMPLETE, or --state PRUNED|FAIL
 * (--fail is --state FAIL) with an optional --reason; a PRUNED trial may also carry --value.
 */
export function tellRequest(options: TellOptions): TellRequest {
  const state = options.fail ? 'FAIL' : options.state?.toUpperCase() ?? (options.value === undefined ? undefined : 'COMPLETE');
  if (options.fail && options.state !== undefined && options.state.toUpperCase() !== 'FAIL') throw new Error('--fail and --state disagree; give one of them');
  if (state !== 'COMPLETE' && state !== 'PRUNED' && state !== 'FAIL') {
    throw new Error(state === undefined ? 'give --value <number>, or --state PRUNED|FAIL' : `--state must be COMPLETE, PRUNED or FAIL, got "${options.state}"`);
  }
  if (state === 'FAIL' && options.value !== undefined) throw new Error('a FAIL trial takes no --value');
  if (state === 'COMPLETE' && options.value === undefined) throw new Error('--state COMPLETE needs --value <number>');
  const request: TellRequest = state === 'COMPLETE' ? { value: finiteArgument(options.value ?? '', '--value') } : { state };
  if (state === 'PRUNED' && options.value !== undefined) request.value = finiteArgument(options.value, '--value');
  if (options.reason && state !== 'COMPLETE') request.reason = options.reason;
  return request;
}

/** `baytune tell STUDY TRIAL --value V | --state PRUNED|FAIL [--reason R]`: finishes a RUNNING trial. */
export function registerTellCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'tell', 'finish a trial with its objective value, or as pruned or failed')
    .argument('<trial>', 'trial number or id')
    .option('--value <number>', 'the objective value')
    .option('--state <state>', 'COMPLETE (with --value), PRUNED or FAIL')
    .option('--fail', 'the same as --state FAIL')
    .option('--reason <text>', 'why it failed or was pruned')
    .action((studyId: string, trialId: string, options: TellOptions) => {
      const request = tellRequest(options);
      return withClient(options, async (client) => {
        const trial = await client.tell(studyId, trialId, request);
        io.out(options.json ? json(trial) : `trial ${trial.number} ${trial.state}${trial.value === null ? '' : ` ${formatNumber(trial.value)}`}\n`);
      });
    });
}

import type { Command } from 'commander';
import type { TellRequest } from '../api/types';
import { formatNumber, json, processIo, withClient, withConnection, type CliIo, type ConnectionOptions } from './output';

interface TellOptions extends ConnectionOptions {
  value?: string;
  fail?: boolean;
  reason?: string;
}

/** The tell body of the options: exactly one of --value (a finite number) or --fail. */
export function tellRequest(options: TellOptions): TellRequest {
  if ((options.value === undefined) === (options.fail !== true)) throw new Error('give exactly one of --value <number> or --fail');
  if (options.fail) return { state: 'FAIL', ...(options.reason ? { reason: options.reason } : {}) };
  const value = Number(options.value);
  if (options.value?.trim() === '' || !Number.isFinite(value)) throw new Error(`--value must be a finite number, got "${options.value}"`);
  return { value };
}

/** `baytune tell STUDY TRIAL --value V | --fail [--reason R]`: finishes a RUNNING trial. */
export function registerTellCommand(program: Command, io: CliIo = processIo): void {
  withConnection(program.command('tell').description('finish a trial with its objective value, or as failed'))
    .argument('<study>', 'study id')
    .argument('<trial>', 'trial id')
    .option('--value <number>', 'the objective value')
    .option('--fail', 'the evaluation failed')
    .option('--reason <text>', 'why it failed')
    .action((studyId: string, trialId: string, options: TellOptions) => {
      const request = tellRequest(options);
      return withClient(options, async (client) => {
        const trial = await client.tell(studyId, trialId, request);
        io.out(options.json ? json(trial) : `trial ${trial.number} ${trial.state}${trial.value === null ? '' : ` ${formatNumber(trial.value)}`}\n`);
      });
    });
}

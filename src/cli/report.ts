import type { Command } from 'commander';
import { json, processIo, withClient, studyCommand, type CliIo, type ConnectionOptions } from './output';

/** A finite number from a CLI argument; throws naming the argument. */
export function finiteArgument(raw: string, name: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new Error(`${name} must be a finite number, got "${raw}"`);
  return value;
}

/** `baytune report STUDY TRIAL STEP VALUE`: an intermediate value; prints whether the pruner says stop. */
export function registerReportCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'report', 'record an intermediate value of a RUNNING trial; prints the pruning decision')
    .argument('<trial>', 'trial number or id')
    .argument('<step>', 'the step (epoch), an integer >= 0')
    .argument('<value>', 'the intermediate value')
    .action((studyId: string, trialId: string, rawStep: string, rawValue: string, options: ConnectionOptions) => {
      const step = finiteArgument(rawStep, 'STEP');
      if (!Number.isInteger(step) || step < 0) throw new Error(`STEP must be an integer >= 0, got "${rawStep}"`);
      const value = finiteArgument(rawValue, 'VALUE');
      return withClient(options, async (client) => {
        const shouldPrune = await client.report(studyId, trialId, { step, value });
        io.out(options.json ? json({ should_prune: shouldPrune }) : shouldPrune ? 'prune: stop this trial and tell it PRUNED\n' : 'continue\n');
      });
    });
}

/** `baytune delete STUDY`: deletes a study with all its trials. */
export function registerDeleteCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'delete', 'delete a study and all its trials')
    .action((studyId: string, options: ConnectionOptions) =>
      withClient(options, async (client) => {
        await client.deleteStudy(studyId);
        io.out(options.json ? json({ deleted: studyId }) : `deleted study ${studyId}\n`);
      }),
    );
}

#!/usr/bin/env node
import { Command } from 'commander';
import { registerAgentCommand } from './agent';
import { registerMigrateCommand } from './migrate';
import { registerRunCommand } from './run';
import { registerServeCommand } from './serve';
import { registerAskCommand } from './ask';
import { registerBestCommand } from './best';
import { registerCreateCommand } from './create';
import { registerExportCommand } from './export';
import { registerStudiesCommand } from './studies';
import { registerTellCommand } from './tell';
import { registerTrainCommand } from './train';

/** The `baytune` command line: the service, its database, and clients of a running service. */
export function buildProgram(): Command {
  const program = new Command();
  program.name('baytune').description('Bayesian hyperparameter optimization service').version('0.1.0');
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerRunCommand(program);
  registerTrainCommand(program);
  registerAgentCommand(program);
  for (const register of [registerStudiesCommand, registerCreateCommand, registerAskCommand, registerTellCommand, registerBestCommand, registerExportCommand]) {
    register(program);
  }
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(`baytune: ${(err as Error).message}`);
      process.exit(1);
    });
}

#!/usr/bin/env node
import { Command } from 'commander';
import { registerAgentCommand } from './agent';
import { registerMigrateCommand } from './migrate';
import { registerRunCommand } from './run';
import { registerServeCommand } from './serve';

/** The `baytune` command line: the service, its database, and clients of a running service. */
export function buildProgram(): Command {
  const program = new Command();
  program.name('baytune').description('Bayesian hyperparameter optimization service').version('0.1.0');
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerRunCommand(program);
  registerAgentCommand(program);
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

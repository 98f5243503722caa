#!/usr/bin/env node
import { Command } from 'commander';
import { registerMigrateCommand } from './migrate';
import { registerServeCommand } from './serve';

/** The `baytune` command line: the service, its database, and clients of a running service. */
export function buildProgram(): Command {
  const program = new Command();
  program.name('baytune').description('Bayesian hyperparameter optimization service').version('0.1.0');
  registerServeCommand(program);
  registerMigrateCommand(program);
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

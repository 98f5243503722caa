#!/usr/bin/env node
import { Command } from 'commander';
import { loadPlugins } from '../plugins/load-plugins';
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
import { registerDeleteCommand, registerReportCommand } from './report';
import { registerTrainCommand } from './train';
import { registerTrialsCommands } from './trials';
import { registerSetUserAttrCommand } from './user-attrs';

/** The `baytune` command line: the service, its database, and clients of a running service. */
export function buildProgram(): Command {
  const program = new Command();
  program.name('baytune').description('Bayesian hyperparameter optimization service').version('0.1.0');
  program.option('--plugin <file>', 'load a plugin module registering samplers, pruners or storages (repeatable)', (file: string, files: string[]) => [...files, file], [] as string[]);
  program.hook('preAction', () => loadPlugins(program.opts<{ plugin: string[] }>().plugin));
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerRunCommand(program);
  registerTrainCommand(program);
  registerAgentCommand(program);
  for (const register of [registerStudiesCommand, registerCreateCommand, registerAskCommand, registerTellCommand, registerReportCommand, registerBestCommand, registerTrialsCommands, registerExportCommand, registerDeleteCommand, registerSetUserAttrCommand]) {
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

import type { Command } from 'commander';
import { resolveConfig } from '../infra/config';
import { migrateDatabase } from '../main';

/** `baytune migrate`: upgrades the database schema to this version of baytune. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('upgrade the database schema to this version of baytune (the server refuses other versions)')
    .option('--db <location>', 'SQLite file or postgres://... URL (env BAYTUNE_DATABASE_URL; default ./baytune.db)')
    .action(async (opts: { db?: string }) => {
      const { database } = resolveConfig({ db: opts.db });
      const { from, to } = await migrateDatabase(database);
      console.log(from === to ? `schema already at version ${to}` : `schema migrated from version ${from} to ${to}`);
    });
}

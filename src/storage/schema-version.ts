import { DomainError } from '../domain/errors';

/** One schema step: applying `statements` in order moves a database from `version - 1` to `version`. */
export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

/** Versions before and after a migration run (equal when there was nothing to do). */
export interface MigrationOutcome {
  from: number;
  to: number;
}

/** How a storage treats a database whose schema is behind the code's. */
export interface OpenOptions {
  /** Apply pending migrations (what `baytune migrate` does). An empty database is always migrated. */
  migrate?: boolean;
}

/** The version reached after the last of `migrations` (they are numbered 1..n without gaps). */
export function latestVersion(migrations: readonly Migration[]): number {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${index} is numbered ${migration.version}`);
  });
  return migrations.length;
}

/**
 * Decides whether a database at `found` may be used by code at `latest`. Throws
 * DomainError('schema_mismatch') naming `baytune migrate` when it is newer than the code, or older
 * and `upgrade` is false. `found` null means tables exist without a version: not a baytune database
 * this code knows. Returns true when migrations must run.
 */
export function needsMigration(found: number | null, latest: number, where: string, upgrade: boolean): boolean {
  if (found === null) {
    throw new DomainError('schema_mismatch', `${where} holds tables but no baytune schema_version; it is not a baytune database (run \`baytune migrate\` only on baytune databases)`);
  }
  if (found > latest) {
    throw new DomainError('schema_mismatch', `${where} has schema version ${found}, newer than this baytune's ${latest}: upgrade baytune; \`baytune migrate\` cannot downgrade`);
  }
  if (found < latest && !upgrade) {
    throw new DomainError('schema_mismatch', `${where} has schema version ${found}, older than this baytune's ${latest}: back it up and run \`baytune migrate\``);
  }
  return found < latest;
}

import { DomainError } from '../domain/errors';
import { MemoryStorage } from './memory-storage';
import type { PostgresOptions } from './postgres-connection';
import { PostgresStorage, migratePostgres } from './postgres-storage';
import type { Storage } from './port';
import type { MigrationOutcome, OpenOptions } from './schema-version';
import { SqliteStorage, migrateSqlite } from './sqlite-storage';

/** Options for openStorage: schema handling for SQL databases plus PostgreSQL pool settings. */
export type StorageOptions = OpenOptions & PostgresOptions;

type StorageKind = 'memory' | 'postgres' | 'sqlite';

/** `:memory:` or `memory` -> memory; `postgres://` or `postgresql://` -> PostgreSQL; anything else is a SQLite file path. */
export function storageKind(location: string): StorageKind {
  if (location === ':memory:' || location === 'memory') return 'memory';
  if (/^postgres(ql)?:\/\//i.test(location)) return 'postgres';
  return 'sqlite';
}

/**
 * Opens the storage `location` names (see storageKind). SQL databases are checked against this
 * code's schema version: an empty one is migrated, an older one only with `options.migrate`, else
 * DomainError('schema_mismatch') naming `baytune migrate`; an unreachable one throws
 * DomainError('storage_unavailable').
 */
export async function openStorage(location: string, options: StorageOptions = {}): Promise<Storage> {
  switch (storageKind(location)) {
    case 'memory':
      return new MemoryStorage();
    case 'postgres':
      return PostgresStorage.open(location, options);
    case 'sqlite':
      return SqliteStorage.open(location, options);
  }
}

/**
 * What `baytune migrate` runs: brings the database at `location` to this code's schema version and
 * returns the versions before and after (equal when it was current). A memory location has no
 * schema and is refused with DomainError('invalid_request').
 */
export async function migrateStorage(location: string, options: PostgresOptions = {}): Promise<MigrationOutcome> {
  switch (storageKind(location)) {
    case 'memory':
      throw new DomainError('invalid_request', 'an in-memory storage has no schema to migrate', 'database');
    case 'postgres':
      return migratePostgres(location, options);
    case 'sqlite':
      return migrateSqlite(location);
  }
}

import { MemoryStorage } from './memory-storage';
import type { Storage } from './port';
import type { MigrationOutcome } from './schema-version';
import { SqliteStorage, migrateSqlite } from './sqlite-storage';

/** True for `:memory:` or `memory`: a store that lives and dies with the process. */
function isMemory(location: string): boolean {
  return location === ':memory:' || location === 'memory';
}

/**
 * Opens the storage a location names: `:memory:` / `memory` -> MemoryStorage; anything else is a
 * SQLite file path (created and migrated when new; an older or newer schema is refused with
 * DomainError('schema_mismatch') naming `baytune migrate`).
 */
export async function openStorage(location: string): Promise<Storage> {
  if (isMemory(location)) return new MemoryStorage();
  return SqliteStorage.open(location);
}

/** Upgrades the schema at a location (what `baytune migrate` runs). */
export async function migrateStorage(location: string): Promise<MigrationOutcome> {
  if (isMemory(location)) return { from: 0, to: 0 };
  return migrateSqlite(location);
}

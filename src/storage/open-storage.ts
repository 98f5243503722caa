import { DomainError } from '../domain/errors';
import { Registry } from '../domain/registry';
import { MemoryStorage } from './memory-storage';
import type { PostgresOptions } from './postgres-connection';
import { PostgresStorage, migratePostgres } from './postgres-storage';
import type { Storage } from './port';
import type { MigrationOutcome, OpenOptions } from './schema-version';
import { SqliteStorage, migrateSqlite } from './sqlite-storage';

/** Options for openStorage: schema handling for SQL databases plus PostgreSQL pool settings. */
export type StorageOptions = OpenOptions & PostgresOptions;

/**
 * A storage backend a location can name: the built-ins (memory, postgres, sqlite) and those a
 * plugin registers with registerStorage. The Storage it opens must pass `storageContract` of
 * `baytune/testing`.
 */
export interface StorageBackend {
  /** Its name, e.g. `redis`: lower-case letters, digits, `-`, `_`, `.`. */
  readonly type: string;
  /** True when the location is this backend's, e.g. `location.startsWith('redis://')`. */
  handles(location: string): boolean;
  /** Opens (and for a database, checks the schema of) the storage at location. */
  open(location: string, options: StorageOptions): Promise<Storage>;
  /** What `baytune migrate` runs; absent when the backend has no schema (migrate then refuses). */
  migrate?(location: string, options: StorageOptions): Promise<MigrationOutcome>;
}

const memoryBackend: StorageBackend = {
  type: 'memory',
  handles: (location) => location === ':memory:' || location === 'memory',
  open: async () => new MemoryStorage(),
};

const postgresBackend: StorageBackend = {
  type: 'postgres',
  handles: (location) => /^postgres(ql)?:\/\//i.test(location),
  open: (location, options) => PostgresStorage.open(location, options),
  migrate: (location, options) => migratePostgres(location, options),
};

const sqliteBackend: StorageBackend = {
  type: 'sqlite',
  handles: () => true,
  open: async (location, options) => SqliteStorage.open(location, options),
  migrate: async (location) => migrateSqlite(location),
};

const BUILT_INS = [memoryBackend, postgresBackend, sqliteBackend];
const BACKENDS = new Registry<StorageBackend>('storage', 'invalid_request', BUILT_INS);

/**
 * Makes a storage backend available to every location this process opens (server `--database`,
 * `openStudies({storage})`, `baytune migrate`). Registered backends are asked before the built-ins,
 * in registration order. Throws when the type is invalid or taken.
 */
export function registerStorage(backend: StorageBackend): void {
  BACKENDS.register(backend);
}

/** The backend of a location: the first registered one that handles it, then `:memory:` or `memory` -> memory; `postgres://` or `postgresql://` -> PostgreSQL; anything else is a SQLite file path. */
function backendOf(location: string): StorageBackend {
  const plugins = BACKENDS.all().slice(BUILT_INS.length);
  return [...plugins, ...BUILT_INS].find((backend) => backend.handles(location)) ?? sqliteBackend;
}

/** The type of the backend a location names (see backendOf): `memory`, `postgres`, `sqlite` or a registered type. */
export function storageKind(location: string): string {
  return backendOf(location).type;
}

/**
 * Opens the storage `location` names (see storageKind). SQL databases are checked against this
 * code's schema version: an empty one is migrated, an older one only with `options.migrate`, else
 * DomainError('schema_mismatch') naming `baytune migrate`; an unreachable one throws
 * DomainError('storage_unavailable').
 */
export async function openStorage(location: string, options: StorageOptions = {}): Promise<Storage> {
  return backendOf(location).open(location, options);
}

/**
 * What `baytune migrate` runs: brings the database at `location` to this code's schema version and
 * returns the versions before and after (equal when it was current). A backend without a schema
 * (memory) is refused with DomainError('invalid_request').
 */
export async function migrateStorage(location: string, options: PostgresOptions = {}): Promise<MigrationOutcome> {
  const backend = backendOf(location);
  if (!backend.migrate) throw new DomainError('invalid_request', `a ${backend.type} storage has no schema to migrate`, 'database');
  return backend.migrate(location, options);
}

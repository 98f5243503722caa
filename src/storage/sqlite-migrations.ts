import type { Database } from 'better-sqlite3';
import { latestVersion, needsMigration, type Migration, type MigrationOutcome } from './schema-version';

/**
 * The SQLite schema, one step per version; never edit a released step, append a new one.
 * Times are INTEGER epoch milliseconds; JSON is TEXT (keeps the users' key order).
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'studies, trials and intermediate values',
    statements: [
      `CREATE TABLE studies (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
        space TEXT NOT NULL,
        sampler TEXT NOT NULL,
        pruner TEXT NOT NULL,
        user_attrs TEXT NOT NULL,
        created_at INTEGER NOT NULL)`,
      `CREATE TABLE trials (
        id TEXT PRIMARY KEY,
        study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL')),
        params TEXT NOT NULL,
        value REAL,
        reason TEXT,
        fail_reason TEXT,
        user_attrs TEXT NOT NULL,
        client_id TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        completed_at INTEGER,
        UNIQUE (study_id, number))`,
      'CREATE INDEX trials_study_state ON trials (study_id, state, number)',
      `CREATE TABLE intermediate_values (
        trial_id TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (trial_id, step)) WITHOUT ROWID`,
    ],
  },
  {
    version: 2,
    description: 'trial leases, retries and idempotent asks',
    statements: [
      'ALTER TABLE studies ADD COLUMN lease_seconds INTEGER NOT NULL DEFAULT 3600',
      'ALTER TABLE studies ADD COLUMN max_retry INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE trials ADD COLUMN heartbeat_at INTEGER',
      'ALTER TABLE trials ADD COLUMN lease_expires_at INTEGER',
      'ALTER TABLE trials ADD COLUMN retry_of TEXT',
      'ALTER TABLE trials ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0',
      // Trials left RUNNING by a version-1 server get the default lease from their start.
      "UPDATE trials SET lease_expires_at = COALESCE(started_at, created_at) + 3600000 WHERE state = 'RUNNING'",
      "CREATE INDEX trials_running_lease ON trials (lease_expires_at) WHERE state = 'RUNNING'",
      `CREATE TABLE ask_requests (
        study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
        client_id TEXT NOT NULL,
        request_key TEXT NOT NULL,
        trial_ids TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (study_id, client_id, request_key))`,
    ],
  },
  {
    version: 3,
    description: 'index idempotency keys by age for their periodic purge',
    statements: ['CREATE INDEX ask_requests_created ON ask_requests (created_at)'],
  },
  {
    version: 4,
    description: 'study notes: markdown text per study, versioned for compare-and-set edits',
    statements: [
      `CREATE TABLE study_notes (
        study_id TEXT PRIMARY KEY REFERENCES studies (id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL)`,
    ],
  },
  {
    version: 5,
    description: 'multi-objective studies and outcome constraints: the study objective spec, trial metric values and feasibility',
    statements: [
      // NULL: a study stored before objectives existed, read as the `direction` shorthand.
      'ALTER TABLE studies ADD COLUMN objective_spec TEXT',
      // NULL on studies of the `direction` shorthand: their `value` is the one metric (read as {"value": value}).
      'ALTER TABLE trials ADD COLUMN metric_values TEXT',
      'ALTER TABLE trials ADD COLUMN feasible INTEGER CHECK (feasible IN (0, 1))',
    ],
  },
];

/** The schema version this code reads and writes. */
export const SQLITE_SCHEMA_VERSION = latestVersion(SQLITE_MIGRATIONS);

/** The stored version: 0 for an empty database, null for tables without a schema_version. */
function readVersion(db: Database): number | null {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  if (!tables.includes('schema_version')) return tables.length === 0 ? 0 : null;
  const version = db.prepare('SELECT MAX(version) FROM schema_version').pluck().get() as number | null;
  return version ?? 0;
}

/**
 * Checks the schema of an open database and, when allowed, brings it to SQLITE_SCHEMA_VERSION in one
 * IMMEDIATE transaction (so two processes opening one fresh file migrate it once). An empty
 * database is always migrated; otherwise `upgrade` must be true for an older one. Throws
 * DomainError('schema_mismatch') naming `baytune migrate` when the schema cannot be used.
 */
export function migrateSqliteDatabase(db: Database, where: string, upgrade: boolean): MigrationOutcome {
  return db.transaction((): MigrationOutcome => {
    const found = readVersion(db);
    if (!needsMigration(found, SQLITE_SCHEMA_VERSION, where, upgrade || found === 0)) {
      return { from: found as number, to: found as number };
    }
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    for (const migration of SQLITE_MIGRATIONS.slice(found as number)) {
      for (const statement of migration.statements) db.exec(statement);
    }
    db.prepare('DELETE FROM schema_version').run();
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SQLITE_SCHEMA_VERSION);
    return { from: found as number, to: SQLITE_SCHEMA_VERSION };
  }).immediate();
}

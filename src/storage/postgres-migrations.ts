import type { PoolClient } from 'pg';
import { latestVersion, needsMigration, type Migration, type MigrationOutcome } from './schema-version';

/**
 * The PostgreSQL schema, one step per version, mirroring SQLITE_MIGRATIONS; never edit a released
 * step, append a new one. Times are BIGINT epoch milliseconds. JSON is TEXT, not JSONB: JSONB
 * reorders object keys, and users read params and spaces in their own order.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'studies, trials and intermediate values',
    statements: [
      `CREATE TABLE studies (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CONSTRAINT studies_name_key UNIQUE,
        direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
        space TEXT NOT NULL,
        sampler TEXT NOT NULL,
        pruner TEXT NOT NULL,
        user_attrs TEXT NOT NULL,
        created_at BIGINT NOT NULL)`,
      `CREATE TABLE trials (
        id TEXT PRIMARY KEY,
        study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL')),
        params TEXT NOT NULL,
        value DOUBLE PRECISION,
        reason TEXT,
        fail_reason TEXT,
        user_attrs TEXT NOT NULL,
        client_id TEXT,
        created_at BIGINT NOT NULL,
        started_at BIGINT,
        completed_at BIGINT,
        CONSTRAINT trials_study_number_key UNIQUE (study_id, number))`,
      'CREATE INDEX trials_study_state ON trials (study_id, state, number)',
      `CREATE TABLE intermediate_values (
        trial_id TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (trial_id, step))`,
    ],
  },
  {
    version: 2,
    description: 'trial leases, retries and idempotent asks',
    statements: [
      'ALTER TABLE studies ADD COLUMN lease_seconds INTEGER NOT NULL DEFAULT 3600',
      'ALTER TABLE studies ADD COLUMN max_retry INTEGER NOT NULL DEFAULT 0',
      // Creation order among studies created within the same millisecond (SQLite has rowid).
      'ALTER TABLE studies ADD COLUMN created_seq BIGINT GENERATED ALWAYS AS IDENTITY',
      // The next trial number; bumping it locks the study row and allocates numbers in one statement.
      'ALTER TABLE studies ADD COLUMN next_number INTEGER NOT NULL DEFAULT 0',
      'UPDATE studies SET next_number = COALESCE((SELECT MAX(t.number) + 1 FROM trials AS t WHERE t.study_id = studies.id), 0)',
      'ALTER TABLE trials ADD COLUMN heartbeat_at BIGINT',
      'ALTER TABLE trials ADD COLUMN lease_expires_at BIGINT',
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
        created_at BIGINT NOT NULL,
        CONSTRAINT ask_requests_key UNIQUE (study_id, client_id, request_key))`,
    ],
  },
];

/** The schema version this code reads and writes. */
export const POSTGRES_SCHEMA_VERSION = latestVersion(POSTGRES_MIGRATIONS);

/** NOTE: an arbitrary constant namespacing baytune's advisory locks from other applications'. */
const MIGRATION_LOCK_CLASS = 0x6261;

/** The stored version in the current schema: 0 when it has no tables, null for tables without a version. */
async function readVersion(client: PoolClient): Promise<number | null> {
  const tables = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = current_schema()');
  const names = tables.rows.map((row) => row.tablename);
  if (!names.includes('schema_version')) return names.length === 0 ? 0 : null;
  const stored = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_version');
  return stored.rows[0]?.version ?? 0;
}

/**
 * On a client whose search_path names `schema`: creates the schema when missing, checks its version
 * and, when allowed, migrates it to POSTGRES_SCHEMA_VERSION, all in one transaction under an advisory
 * lock, so replicas starting together migrate once. An empty schema is always migrated; an older
 * one only with `upgrade`. Throws DomainError('schema_mismatch') naming `baytune migrate`.
 */
export async function migratePostgresSchema(client: PoolClient, schema: string, where: string, upgrade: boolean): Promise<MigrationOutcome> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const found = await readVersion(client);
    let outcome: MigrationOutcome = { from: found ?? 0, to: found ?? 0 };
    if (needsMigration(found, POSTGRES_SCHEMA_VERSION, where, upgrade || found === 0)) {
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      for (const migration of POSTGRES_MIGRATIONS.slice(found ?? 0)) {
        for (const statement of migration.statements) await client.query(statement);
      }
      await client.query('DELETE FROM schema_version');
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
      outcome = { from: found ?? 0, to: POSTGRES_SCHEMA_VERSION };
    }
    await client.query('COMMIT');
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

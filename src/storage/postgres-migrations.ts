import type { PoolClient } from 'pg';
import { COMMIT_ASK_FUNCTION_V3, COMMIT_ASK_FUNCTION_V4, COMMIT_ASK_FUNCTION_V7 } from './postgres-commit-ask';
import { latestVersion, needsMigration, type Migration, type MigrationOutcome } from './schema-version';

/**
 * baytune_commit_ask as released with schema version 2, kept verbatim as migration history;
 * version 3 replaces it with COMMIT_ASK_FUNCTION_V3 (postgres-commit-ask.ts documents both).
 */
const COMMIT_ASK_FUNCTION = `CREATE FUNCTION baytune_commit_ask(p_study TEXT, p_client TEXT, p_key TEXT, p_count INTEGER,
    p_now BIGINT, p_lease BIGINT, p_drafts JSON) RETURNS JSON LANGUAGE plpgsql AS $fn$
  DECLARE
    v_ids TEXT[];
    v_need INTEGER;
    v_first INTEGER;
  BEGIN
    IF p_client IS NOT NULL AND p_key IS NOT NULL THEN
      SELECT ARRAY(SELECT json_array_elements_text(a.trial_ids::json)) INTO v_ids FROM ask_requests AS a
        WHERE a.study_id = p_study AND a.client_id = p_client AND a.request_key = p_key;
      IF FOUND THEN
        RETURN json_build_object('replayed', true,
          'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
      END IF;
    END IF;
    WITH claimed AS (
      UPDATE trials SET state = 'RUNNING', client_id = p_client, started_at = p_now, lease_expires_at = p_lease
      WHERE id IN (SELECT w.id FROM trials AS w WHERE w.study_id = p_study AND w.state = 'WAITING'
        ORDER BY w.number LIMIT p_count FOR UPDATE SKIP LOCKED)
      RETURNING id, number)
    SELECT COALESCE(array_agg(c.id ORDER BY c.number), '{}') INTO v_ids FROM claimed AS c;
    v_need := LEAST(p_count - cardinality(v_ids), json_array_length(p_drafts));
    IF v_need > 0 THEN
      UPDATE studies SET next_number = next_number + v_need WHERE id = p_study RETURNING next_number - v_need INTO v_first;
      IF NOT FOUND THEN RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002'; END IF;
      WITH fresh AS (
        INSERT INTO trials (id, study_id, number, state, params, value, reason, fail_reason, user_attrs, client_id,
          created_at, started_at, completed_at, heartbeat_at, lease_expires_at, retry_of, attempt)
        SELECT r.id, r.study_id, v_first + r.number, r.state, r.params, r.value, r.reason, r.fail_reason, r.user_attrs,
          r.client_id, r.created_at, r.started_at, r.completed_at, r.heartbeat_at, r.lease_expires_at, r.retry_of, r.attempt
        FROM json_populate_recordset(NULL::trials, p_drafts) AS r WHERE r.number < v_need
        RETURNING id, number)
      SELECT v_ids || COALESCE(array_agg(f.id ORDER BY f.number), '{}') INTO v_ids FROM fresh AS f;
    ELSIF cardinality(v_ids) = 0 AND NOT EXISTS (SELECT 1 FROM studies WHERE id = p_study) THEN
      RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002';
    END IF;
    IF p_client IS NOT NULL AND p_key IS NOT NULL AND cardinality(v_ids) > 0 THEN
      INSERT INTO ask_requests (study_id, client_id, request_key, trial_ids, created_at)
        VALUES (p_study, p_client, p_key, array_to_json(v_ids)::text, p_now);
    END IF;
    RETURN json_build_object('replayed', false,
      'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
  END
  $fn$`;

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
      COMMIT_ASK_FUNCTION,
    ],
  },
  {
    version: 3,
    description: 'keyed asks hand back the trials a client holds; index idempotency keys by age for their purge',
    statements: ['CREATE INDEX ask_requests_created ON ask_requests (created_at)', COMMIT_ASK_FUNCTION_V3],
  },
  {
    version: 4,
    description: 'asks append the sampler point computed for the trial number they are given (distinct points across replicas)',
    statements: ['DROP FUNCTION baytune_commit_ask(TEXT, TEXT, TEXT, INTEGER, BIGINT, BIGINT, JSON)', COMMIT_ASK_FUNCTION_V4],
  },
  {
    version: 5,
    description: 'study notes: markdown text per study, versioned for compare-and-set edits',
    statements: [
      `CREATE TABLE study_notes (
        study_id TEXT PRIMARY KEY REFERENCES studies (id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at BIGINT NOT NULL)`,
    ],
  },
  {
    version: 6,
    description: 'multi-objective studies and outcome constraints: the study objective spec, trial metric values and feasibility',
    statements: [
      // NULL: a study stored before objectives existed, read as the `direction` shorthand.
      'ALTER TABLE studies ADD COLUMN objective_spec TEXT',
      // NULL on studies of the `direction` shorthand: their `value` is the one metric (read as {"value": value}).
      'ALTER TABLE trials ADD COLUMN metric_values TEXT',
      // 1/0 as in SQLite, so every storage shares one row shape.
      'ALTER TABLE trials ADD COLUMN feasible SMALLINT CHECK (feasible IN (0, 1))',
    ],
  },
  {
    version: 7,
    description: 'asks say which trials were held, claimed or appended (the ids handed back and claimed come with the trials)',
    statements: [COMMIT_ASK_FUNCTION_V7],
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

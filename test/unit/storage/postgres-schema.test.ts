import { Client } from 'pg';
import { PostgresStorage, migratePostgres } from '../../../src/storage/postgres-storage';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from '../../../src/storage/postgres-migrations';
import { postgresSkipReason, TEST_POSTGRES_URL } from '../../contract/postgres-availability';

const skip = postgresSkipReason() !== null;
const T0 = Date.UTC(2025, 5, 1);
const schemas: string[] = [];
let admin: Client;

beforeAll(async () => {
  if (skip) return;
  admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
});

afterAll(async () => {
  if (skip) return;
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

function freshSchema(): string {
  const schema = `baytune_schema_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  return schema;
}

const urlOf = (schema: string): string => `${TEST_POSTGRES_URL}?schema=${schema}`;

/** A schema as a version-1 baytune left it: one study with a RUNNING and a WAITING trial. */
async function writeVersion1(schema: string): Promise<void> {
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`SET search_path = ${schema}`);
  await admin.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  for (const statement of POSTGRES_MIGRATIONS[0]?.statements ?? []) await admin.query(statement);
  await admin.query('INSERT INTO schema_version VALUES (1)');
  await admin.query(`INSERT INTO studies VALUES ('s1', 'legacy', 'minimize', '{"b":{"type":"float","low":0,"high":1},"a":{"type":"int","low":1,"high":3}}',
    '{"type":"random"}', '{"type":"none"}', '{}', $1)`, [T0]);
  await admin.query(`INSERT INTO trials VALUES ('t0', 's1', 0, 'RUNNING', '{"b":0.5,"a":2}', NULL, NULL, NULL, '{}', NULL, $1, $1, NULL),
    ('t1', 's1', 1, 'WAITING', '{"b":0.25,"a":1}', NULL, NULL, NULL, '{}', NULL, $1, NULL, NULL)`, [T0]);
  await admin.query('SET search_path = public');
}

(skip ? describe.skip : describe)('PostgreSQL schema versions', () => {
  test('an empty schema is created and migrated on open', async () => {
    const schema = freshSchema();
    await (await PostgresStorage.open(urlOf(schema))).close();
    const { rows } = await admin.query(`SELECT version FROM ${schema}.schema_version`);
    expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
  });

  test('a version-1 schema is refused naming `baytune migrate`, then upgraded keeping its data', async () => {
    const schema = freshSchema();
    await writeVersion1(schema);
    await expect(PostgresStorage.open(urlOf(schema))).rejects.toMatchObject({ code: 'schema_mismatch', message: expect.stringContaining('baytune migrate') });
    expect(await migratePostgres(urlOf(schema))).toEqual({ from: 1, to: POSTGRES_SCHEMA_VERSION });
    expect(await migratePostgres(urlOf(schema))).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION });
    const storage = await PostgresStorage.open(urlOf(schema));
    expect(Object.keys((await storage.getStudy('s1'))?.space ?? {})).toEqual(['b', 'a']);
    expect((await storage.getTrial('s1', 't0'))?.lease_expires_at).toBe(new Date(T0 + 3_600_000).toISOString());
    const ask = await storage.commitAsk('s1', { client_id: 'w', request_key: 'k', count: 2, now: T0, lease_expires_at: T0 + 1 }, [
      { state: 'RUNNING', params: { b: 0.1, a: 3 } },
    ]);
    expect(ask.outcome === 'committed' && ask.handed.map((h) => [h.trial.number, h.how])).toEqual([[1, 'claimed'], [2, 'appended']]);
    await storage.close();
  });

  test('a newer schema is refused by open and by migrate', async () => {
    const schema = freshSchema();
    await (await PostgresStorage.open(urlOf(schema))).close();
    await admin.query(`UPDATE ${schema}.schema_version SET version = $1`, [POSTGRES_SCHEMA_VERSION + 1]);
    const refusal = { code: 'schema_mismatch', message: expect.stringContaining('newer') };
    await expect(PostgresStorage.open(urlOf(schema))).rejects.toMatchObject(refusal);
    await expect(migratePostgres(urlOf(schema))).rejects.toMatchObject(refusal);
  });

  test('replicas opening one empty schema together migrate it once', async () => {
    const schema = freshSchema();
    const storages = await Promise.all([1, 2, 3, 4].map(() => PostgresStorage.open(urlOf(schema))));
    await Promise.all(storages.map((s) => s.close()));
    const { rows } = await admin.query(`SELECT version FROM ${schema}.schema_version`);
    expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
  });

  test('a schema name that is not a plain identifier is refused', async () => {
    await expect(PostgresStorage.open(`${TEST_POSTGRES_URL}?schema=x";DROP`)).rejects.toMatchObject({ code: 'invalid_request', field: 'schema' });
  });
});

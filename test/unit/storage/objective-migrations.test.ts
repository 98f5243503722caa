import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from '../../../src/storage/postgres-migrations';
import { PostgresStorage, migratePostgres } from '../../../src/storage/postgres-storage';
import { SqliteStorage, migrateSqlite } from '../../../src/storage/sqlite-storage';
import { postgresSkipReason, TEST_POSTGRES_URL } from '../../contract/postgres-availability';

// Databases written before objectives existed (issue 13) migrate: their studies read as one
// objective "value" without constraints, their trials' values as {"value": v}, and they take
// multi-objective studies afterwards.

const T0 = Date.UTC(2025, 5, 1);
const MO = {
  name: 'after-migration', direction: 'minimize' as const, space: { x: { type: 'float' as const, low: 0, high: 1 } },
  sampler: { type: 'random', seed: 1 }, pruner: { type: 'none' }, user_attrs: {}, lease_seconds: 60, max_retry: 0,
  objectives: [{ name: 'a', direction: 'minimize' as const }, { name: 'b', direction: 'maximize' as const }], constraints: [{ name: 'c', max: 1 }],
};

test('SQLite: the version-1 fixture migrates; its study and COMPLETE trial read through the objective model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baytune-objective-migration-'));
  try {
    const path = join(dir, 'v1.db');
    copyFileSync(join(__dirname, '..', '..', 'fixtures', 'sqlite-v1.db'), path);
    migrateSqlite(path);
    const storage = SqliteStorage.open(path);
    const [legacy] = await storage.listStudies();
    expect(legacy).toMatchObject({ objectives: [{ name: 'value', direction: legacy?.direction }], constraints: [] });
    const trials = await storage.listTrials(legacy!.id, { limit: 10 });
    expect(trials.map((t) => [t.state, t.values, t.feasible])).toEqual([
      ['COMPLETE', { value: trials[0]?.value }, true], ['RUNNING', null, null], ['WAITING', null, null],
    ]);
    expect(typeof trials[0]?.value).toBe('number');
    const mo = await storage.createStudy(MO, T0);
    expect(await storage.getStudy(mo.id)).toMatchObject({ objectives: MO.objectives, constraints: MO.constraints });
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const skip = postgresSkipReason() !== null;

(skip ? describe.skip : describe)('PostgreSQL', () => {
  const schema = `baytune_objectives_${process.pid}`;
  let admin: Client;
  beforeAll(async () => {
    admin = new Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  test('a version-5 schema migrates to the latest; its study and COMPLETE trial read through the objective model', async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`SET search_path = ${schema}`);
    await admin.query('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    for (const migration of POSTGRES_MIGRATIONS.slice(0, 5)) for (const statement of migration.statements) await admin.query(statement);
    await admin.query('INSERT INTO schema_version VALUES (5)');
    await admin.query(`INSERT INTO studies (id, name, direction, space, sampler, pruner, user_attrs, created_at)
      VALUES ('s1', 'legacy', 'maximize', '{"x":{"type":"float","low":0,"high":1}}', '{"type":"random"}', '{"type":"none"}', '{}', $1)`, [T0]);
    await admin.query(`INSERT INTO trials (id, study_id, number, state, params, value, user_attrs, created_at)
      VALUES ('t0', 's1', 0, 'COMPLETE', '{"x":0.5}', 0.30000000000000004, '{}', $1), ('t1', 's1', 1, 'WAITING', '{"x":0.25}', NULL, '{}', $1)`, [T0]);
    await admin.query('SET search_path = public');
    const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
    expect(await migratePostgres(url)).toEqual({ from: 5, to: POSTGRES_SCHEMA_VERSION });
    const storage = await PostgresStorage.open(url);
    expect(await storage.getStudy('s1')).toMatchObject({ direction: 'maximize', objectives: [{ name: 'value', direction: 'maximize' }], constraints: [] });
    const trials = await storage.listTrials('s1', { limit: 10 });
    expect(trials.map((t) => [t.value, t.values, t.feasible])).toEqual([[0.30000000000000004, { value: 0.30000000000000004 }, true], [null, null, null]]);
    expect((await storage.bestTrial('s1', 'maximize'))?.id).toBe('t0');
    const mo = await storage.createStudy(MO, T0);
    expect(await storage.getStudy(mo.id)).toMatchObject({ objectives: MO.objectives, constraints: MO.constraints });
    await storage.close();
  });
});

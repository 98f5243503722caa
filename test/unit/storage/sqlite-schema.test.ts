import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from '../../../src/storage/sqlite-migrations';
import { SqliteStorage, migrateSqlite } from '../../../src/storage/sqlite-storage';

const FIXTURE_V1 = join(__dirname, '..', '..', 'fixtures', 'sqlite-v1.db');
const LEGACY_STUDY = '6f1c1c44-1111-4d1e-9c1b-000000000001';
const FIXTURE_T0 = Date.UTC(2025, 5, 1);

const dir = mkdtempSync(join(tmpdir(), 'baytune-sqlite-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempPath = (): string => join(dir, `db-${(files += 1)}.db`);

function copyOfV1(): string {
  const path = tempPath();
  copyFileSync(FIXTURE_V1, path);
  return path;
}

function storedVersion(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_version').pluck().get() as number;
  } finally {
    db.close();
  }
}

function schemaOf(db: BetterSqlite3.Database): string[] {
  return db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'schema_version' ORDER BY name").pluck().all() as string[];
}

test('a fresh file is migrated to the current version on open', async () => {
  const path = tempPath();
  const storage = SqliteStorage.open(path);
  await storage.ping();
  await storage.close();
  expect(storedVersion(path)).toBe(SQLITE_SCHEMA_VERSION);
  expect(SQLITE_SCHEMA_VERSION).toBeGreaterThan(1);
});

test('an older database is refused with schema_mismatch naming `baytune migrate`, and left as it was', () => {
  const path = copyOfV1();
  expect(() => SqliteStorage.open(path)).toThrow(expect.objectContaining({ code: 'schema_mismatch', message: expect.stringContaining('baytune migrate') }));
  expect(storedVersion(path)).toBe(1);
});

test('migrateSqlite upgrades the version-1 fixture keeping its data, and a second run does nothing', async () => {
  const path = copyOfV1();
  expect(migrateSqlite(path)).toEqual({ from: 1, to: SQLITE_SCHEMA_VERSION });
  expect(migrateSqlite(path)).toEqual({ from: SQLITE_SCHEMA_VERSION, to: SQLITE_SCHEMA_VERSION });
  const storage = SqliteStorage.open(path);
  const study = await storage.getStudy(LEGACY_STUDY);
  expect(study).toMatchObject({ name: "legacy '); DROP TABLE trials;-- 研究", lease_seconds: 3600, max_retry: 0 });
  expect(Object.keys(study?.space ?? {})).toEqual(['lr', 'opt']);
  const trials = await storage.listTrials(LEGACY_STUDY, { limit: 10 });
  expect(trials.map((t) => [t.number, t.state])).toEqual([[0, 'COMPLETE'], [1, 'RUNNING'], [2, 'WAITING']]);
  expect(trials[0]?.intermediate_values).toEqual([{ step: 1, value: 0.9 }, { step: 2, value: 0.42 }]);
  expect(trials[1]?.lease_expires_at).toBe(new Date(FIXTURE_T0 + 50 + 3_600_000).toISOString());
  const reaped = await storage.reapExpiredLeases(FIXTURE_T0 + 3_600_051);
  expect(reaped.map((t) => t.number)).toEqual([1]);
  const ask = await storage.commitAsk(LEGACY_STUDY, { client_id: 'w', request_key: 'k', count: 2, now: FIXTURE_T0, lease_expires_at: FIXTURE_T0 + 1 }, [
    { state: 'RUNNING', params: { lr: 0.01, opt: 'sgd' } },
  ]);
  expect(ask.outcome === 'committed' && ask.handed.map((h) => [h.trial.number, h.how])).toEqual([[2, 'claimed'], [3, 'appended']]);
  await storage.close();
});

test('opening with { migrate: true } upgrades in place', async () => {
  const path = copyOfV1();
  const storage = SqliteStorage.open(path, { migrate: true });
  expect((await storage.countTrials(LEGACY_STUDY)).waiting).toBe(1);
  await storage.close();
  expect(storedVersion(path)).toBe(SQLITE_SCHEMA_VERSION);
});

test('a newer schema is refused both by open and by migrate', async () => {
  const path = tempPath();
  await SqliteStorage.open(path).close();
  const db = new BetterSqlite3(path);
  db.prepare('UPDATE schema_version SET version = ?').run(SQLITE_SCHEMA_VERSION + 1);
  db.close();
  const refusal = expect.objectContaining({ code: 'schema_mismatch', message: expect.stringContaining('newer') });
  expect(() => SqliteStorage.open(path)).toThrow(refusal);
  expect(() => SqliteStorage.open(path, { migrate: true })).toThrow(refusal);
  expect(() => migrateSqlite(path)).toThrow(refusal);
});

test('a database with foreign tables and no schema_version is refused', () => {
  const path = tempPath();
  const db = new BetterSqlite3(path);
  db.exec('CREATE TABLE something_else (x INTEGER)');
  db.close();
  expect(() => SqliteStorage.open(path)).toThrow(expect.objectContaining({ code: 'schema_mismatch' }));
  expect(() => migrateSqlite(path)).toThrow(expect.objectContaining({ code: 'schema_mismatch' }));
  const after = new BetterSqlite3(path);
  expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
  after.close();
});

test('released migration step 1 is frozen: it still builds exactly the fixture\'s schema', () => {
  const fresh = new BetterSqlite3(':memory:');
  for (const statement of SQLITE_MIGRATIONS[0]?.statements ?? []) fresh.exec(statement);
  const fixture = new BetterSqlite3(FIXTURE_V1, { readonly: true });
  expect(schemaOf(fresh)).toEqual(schemaOf(fixture));
  fresh.close();
  fixture.close();
});

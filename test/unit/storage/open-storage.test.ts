import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { migrateStorage, openStorage, storageKind } from '../../../src/storage/open-storage';
import { PostgresStorage } from '../../../src/storage/postgres-storage';
import { SQLITE_SCHEMA_VERSION } from '../../../src/storage/sqlite-migrations';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';

const dir = mkdtempSync(join(tmpdir(), 'baytune-open-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a location picks its storage by form', () => {
  expect(['memory', ':memory:', 'postgres://h/db', 'POSTGRESQL://h/db', './baytune.db', 'postgres.db', '/tmp/x']
    .map(storageKind)).toEqual(['memory', 'memory', 'postgres', 'postgres', 'sqlite', 'sqlite', 'sqlite']);
});

test('openStorage gives a memory or a SQLite storage that works', async () => {
  const memory = await openStorage(':memory:');
  expect(memory).toBeInstanceOf(MemoryStorage);
  const sqlite = await openStorage(join(dir, 'open.db'));
  expect(sqlite).toBeInstanceOf(SqliteStorage);
  await sqlite.ping();
  await Promise.all([memory.close(), sqlite.close()]);
});

test('migrateStorage upgrades an old SQLite file and refuses memory', async () => {
  const path = join(dir, 'old.db');
  copyFileSync(join(__dirname, '..', '..', 'fixtures', 'sqlite-v1.db'), path);
  await expect(openStorage(path)).rejects.toMatchObject({ code: 'schema_mismatch' });
  await expect(migrateStorage(path)).resolves.toEqual({ from: 1, to: SQLITE_SCHEMA_VERSION });
  await (await openStorage(path)).close();
  await expect(migrateStorage('memory')).rejects.toMatchObject({ code: 'invalid_request' });
});

test('an unreachable PostgreSQL is storage_unavailable, not a crash', async () => {
  const url = 'postgres://postgres@127.0.0.1:1/test';
  expect(storageKind(url)).toBe('postgres');
  await expect(PostgresStorage.open(url, { connectTimeoutMs: 1000 })).rejects.toMatchObject({ code: 'storage_unavailable' });
  await expect(migrateStorage(url, { connectTimeoutMs: 1000 })).rejects.toMatchObject({ code: 'storage_unavailable' });
});

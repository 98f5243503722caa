import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { storageContract } from '../../src/testing';

const dir = mkdtempSync(join(tmpdir(), 'baytune-sqlite-contract-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storageContract('sqlite', async () => {
  files += 1;
  return SqliteStorage.open(join(dir, `contract-${files}.db`));
});

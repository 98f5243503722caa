import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudyService } from '../../../src/service/study-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import type { Storage } from '../../../src/storage/port';

/** The backends a single server process uses, by name, each opened fresh in a temporary folder. */
export const SINGLE_PROCESS_BACKENDS = [
  ['memory', async () => new MemoryStorage()],
  ['SQLite', async (dir: string) => SqliteStorage.open(join(dir, 'service.db'))],
] as const;

/** A StudyService over a fresh storage from `open` for each test of the calling describe block. */
export function serviceForEachTest(open: (dir: string) => Promise<Storage>): { storage: () => Storage; service: () => StudyService } {
  let dir: string;
  let storage: Storage;
  let service: StudyService;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baytune-service-'));
    storage = await open(dir);
    service = new StudyService(storage);
  });
  afterEach(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { storage: () => storage, service: () => service };
}

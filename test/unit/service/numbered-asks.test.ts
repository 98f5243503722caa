import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudyService } from '../../../src/service/study-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import type { Storage } from '../../../src/storage/port';

/** Numbered samplers (random, Sobol, grid) near the end of a grid and in batches, on the single-process backends. */
describe.each([
  ['memory', async () => new MemoryStorage()],
  ['SQLite', async (dir: string) => SqliteStorage.open(join(dir, 'numbered.db'))],
] as const)('numbered asks (%s)', (_name, open) => {
  let dir: string;
  let storage: Storage;
  let service: StudyService;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baytune-numbered-'));
    storage = await open(dir);
    service = new StudyService(storage);
  });
  afterEach(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([undefined, 'key'])('a grid batch larger than what is left hands out the rest, then grid_exhausted (request_key %s)', async (key) => {
    const study = await service.createStudy({ name: 'grid-end', space: { n: { type: 'int', low: 0, high: 5 } }, sampler: { type: 'grid' } });
    const ask = (count: number, k: string) => service.ask(study.id, key === undefined ? { count } : { count, client_id: 'w', request_key: k });
    const first = await ask(4, 'a');
    for (const t of first) await service.tell(study.id, t.id, { value: 1 });
    const rest = await ask(4, 'b');
    for (const t of rest) await service.tell(study.id, t.id, { value: 2 });
    expect([...first, ...rest].map((t) => t.params.n).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    await expect(ask(1, 'c')).rejects.toMatchObject({ code: 'grid_exhausted' });
    expect((await storage.countTrials(study.id)).total).toBe(6);
  });

  it.each(['random', 'sobol', 'grid'])('%s: concurrent batch asks get distinct points and gapless numbers', async (type) => {
    const space = type === 'grid' ? { n: { type: 'int' as const, low: 0, high: 99 } } : { x: { type: 'float' as const, low: 0, high: 1 } };
    const study = await service.createStudy({ name: `batch-${type}`, space, sampler: { type, seed: 3 } });
    const batches = await Promise.all(Array.from({ length: 8 }, () => service.ask(study.id, { count: 3 })));
    const trials = batches.flat();
    expect(trials.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(24);
  });
});

import { join } from 'node:path';
import { loadPlugins, openStudies } from 'baytune';
import { storageContract } from 'baytune/testing';
import { AuditedStorage } from '../../examples/plugins/audited-storage';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { storageKind } from '../../src/storage/open-storage';

/**
 * The worked example of a third-party storage backend (examples/plugins/audited-storage.ts): the
 * adapter passes the exported storage contract, and once its plugin is loaded a location of its
 * form opens it wherever baytune opens storages.
 */
storageContract('audited-memory (third-party adapter)', async () => new AuditedStorage(new MemoryStorage()));

test('once the plugin is loaded, its location form opens its storage behind openStudies', async () => {
  expect(storageKind('audited-memory:test')).toBe('sqlite');
  loadPlugins([join(__dirname, '..', '..', 'examples', 'plugins', 'audited-storage.ts')]);
  expect(storageKind('audited-memory:test')).toBe('audited-memory');
  const client = await openStudies({ storage: 'audited-memory:test' });
  const study = await client.createStudy({ name: 'audited', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'random', seed: 1 } });
  const [trial] = await client.ask(study.id);
  await client.tell(study.id, trial!.id, { value: 0.5 });
  expect((await client.best(study.id))?.value).toBe(0.5);
  await client.close();
});

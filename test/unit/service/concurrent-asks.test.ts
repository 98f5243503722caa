import type { Params } from '../../../src/domain/space';
import { POOLED_DETAIL } from '../../../src/samplers/gp/gp-sampler';
import { DUPLICATE_REASON } from '../../../src/service/commit-round';
import type { Study } from '../../../src/domain/study';
import { askSnapshot, concurrentDuplicates, type AskSnapshot } from '../../../src/service/concurrent-asks';
import { StudyService } from '../../../src/service/study-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';

/** The snapshot of a history of `study` with `trialCount` trials holding the completed configurations `completed`. */
function snapshotOf(study: Study, trialCount: number, completed: Params[] = []): AskSnapshot {
  return askSnapshot(study, { trialCount, completed: completed.map((params, number) => ({ number, params, loss: 0 })), pruned: [], failed: [], pending: [] });
}

const continuous = { x: { type: 'float' as const, low: 0, high: 1 }, c: { type: 'categorical' as const, choices: ['a', 'b'] } };

test('a point appended after the snapshot by another asker marks the later copy as the duplicate', async () => {
  const storage = new MemoryStorage();
  const service = new StudyService(storage);
  const study = await service.createStudy({ name: 's', direction: 'minimize', space: continuous });
  const full = (await storage.getStudy(study.id))!;
  await service.addTrial(study.id, { params: { x: 0.1, c: 'a' }, value: 1 });
  const snapshotCount = 1;
  const [theirs] = await storage.addTrials(study.id, [{ state: 'RUNNING', params: { x: 0.4, c: 'b' } }], 0);
  const mine = await storage.addTrials(study.id, [
    { state: 'RUNNING', params: { x: 0.4 + 1e-12, c: 'b' } },
    { state: 'RUNNING', params: { x: 0.4, c: 'a' } },
    { state: 'RUNNING', params: { x: 0.1, c: 'a' } },
  ], 0);
  const duplicates = await concurrentDuplicates(storage, full, snapshotOf(full, snapshotCount), mine);
  expect(duplicates.map((t) => t.number)).toEqual([2]);
  expect(theirs?.number).toBe(1);
  expect(await concurrentDuplicates(storage, full, snapshotOf(full, 2), mine)).toEqual([]);
});

test('a discrete space: a concurrent repeat of a configuration new in the snapshot is a duplicate, a deliberate repeat of one in it is not', async () => {
  const storage = new MemoryStorage();
  const service = new StudyService(storage);
  const study = await service.createStudy({ name: 'd', direction: 'minimize', space: { n: { type: 'int', low: 0, high: 2 } } });
  const full = (await storage.getStudy(study.id))!;
  await service.addTrial(study.id, { params: { n: 0 }, value: 1 });
  await storage.addTrials(study.id, [{ state: 'RUNNING', params: { n: 1 } }, { state: 'RUNNING', params: { n: 0 } }], 0);
  const mine = await storage.addTrials(study.id, [{ state: 'RUNNING', params: { n: 1 } }, { state: 'RUNNING', params: { n: 0 } }, { state: 'RUNNING', params: { n: 2 } }], 0);
  // n = 1 was new to the ask's snapshot and another asker took it first; n = 0 repeats the snapshot's own trial.
  expect((await concurrentDuplicates(storage, full, snapshotOf(full, 1, [{ n: 0 }]), mine)).map((t) => t.params)).toEqual([{ n: 1 }]);
});

test('two replicas asking on one snapshot: the later copy of a shared point is failed and replaced', async () => {
  const storage = new MemoryStorage();
  const [replicaA, replicaB] = [new StudyService(storage), new StudyService(storage)];
  const sampler = { type: 'gp', seed: 5, n_initial: 2, candidates: 64 };
  const study = await replicaA.createStudy({ name: 'gp', direction: 'minimize', space: { x: continuous.x }, sampler });
  for (const x of [0.1, 0.5, 0.9]) await replicaA.addTrial(study.id, { params: { x }, value: (x - 0.3) ** 2 });
  const [a, b] = await Promise.all([replicaA.ask(study.id), replicaB.ask(study.id)]);
  const trials = await storage.listTrials(study.id, { limit: 10 });
  const failed = trials.filter((t) => t.state === 'FAIL');
  expect(failed.map((t) => t.fail_reason)).toEqual([DUPLICATE_REASON]);
  expect(failed[0]?.params).toEqual(a?.[0]?.params);
  expect(Math.abs((a?.[0]?.params.x as number) - (b?.[0]?.params.x as number))).toBeGreaterThan(1e-9);
  expect(trials.filter((t) => t.state === 'RUNNING').map((t) => t.id).sort()).toEqual([a?.[0]?.id, b?.[0]?.id].sort());
});

test('concurrent asks of one study in one process see each other: the model-based points all differ and none is failed', async () => {
  const storage = new MemoryStorage();
  const service = new StudyService(storage);
  const study = await service.createStudy({ name: 'parallel', direction: 'minimize', space: continuous, sampler: { type: 'gp', seed: 3, n_initial: 4 } });
  for (let i = 0; i < 6; i++) {
    const [t] = await service.ask(study.id);
    await service.tell(study.id, t!.id, { value: ((t!.params.x as number) - 0.3) ** 2 });
  }
  const asked = (await Promise.all(Array.from({ length: 6 }, () => service.ask(study.id)))).flat();
  expect(new Set(asked.map((t) => JSON.stringify(t.params))).size).toBe(6);
  expect(asked.every((t) => t.reason?.strategy === 'gp')).toBe(true);
  // Asks that joined one round: the first ask's point has a search of its own, the others come from the round's pool.
  expect(asked.filter((t) => t.reason?.detail === POOLED_DETAIL).length).toBeGreaterThan(0);
  expect(asked.filter((t) => t.reason?.detail !== POOLED_DETAIL).length).toBeGreaterThan(0);
  const failed = await service.listTrials(study.id, { state: ['FAIL'] });
  expect(failed.trials).toEqual([]);
});

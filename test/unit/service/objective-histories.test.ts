import type { Study } from '../../../src/domain/study';
import { StudyHistories } from '../../../src/service/study-histories';
import { StudyService } from '../../../src/service/study-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';

// What samplers read of a multi-objective or constrained study (issue 13): every objective as a
// loss, each constraint's slack (g <= 0 holds), the counts; no loss for pruned trials of a
// multi-objective study; and nothing new for a plain single-objective one.

const space = { x: { type: 'float' as const, low: 0, high: 1 } };

async function historyOf(extra: object, tells: { values?: Record<string, number>; value?: number; state?: 'PRUNED' | 'FAIL' }[]) {
  const storage = new MemoryStorage();
  const service = new StudyService(storage);
  const { id } = await service.createStudy({ name: 's', space, sampler: { type: 'random', seed: 1 }, ...extra });
  for (const tell of tells) {
    const [trial] = await service.ask(id);
    await service.tell(id, trial!.id, tell);
  }
  await service.ask(id);
  const { history } = await new StudyHistories(storage).snapshot((await storage.getStudy(id)) as Study);
  await service.close();
  return history;
}

test('two objectives and a constraint: losses in objective order (maximize negated), slacks, counts', async () => {
  const history = await historyOf(
    { objectives: [{ name: 'err', direction: 'minimize' }, { name: 'acc', direction: 'maximize' }], constraints: [{ name: 'mem', min: 10, max: 512 }] },
    [{ values: { err: 0.5, acc: 0.75, mem: 600 } }, { values: { err: 0.25, acc: 0.5, mem: 5 } }, { values: { err: 1, acc: 1, mem: 100 } }, { state: 'PRUNED' }, { state: 'FAIL' }],
  );
  expect(history.completed.map(({ loss, losses, constraints }) => ({ loss, losses, constraints }))).toEqual([
    { loss: 0.5, losses: [0.5, -0.75], constraints: [88] },
    { loss: 0.25, losses: [0.25, -0.5], constraints: [5] },
    { loss: 1, losses: [1, -1], constraints: [-90] },
  ]);
  expect(history.pruned.map((p) => p.loss)).toEqual([null]);
  expect(history.failed?.map((f) => f.number)).toEqual([4]);
  expect(history.pending).toHaveLength(1);
  expect({ objectiveCount: history.objectiveCount, constraintCount: history.constraintCount }).toEqual({ objectiveCount: 2, constraintCount: 1 });
});

test('one objective with a constraint: the loss, one-entry losses and the slack', async () => {
  const history = await historyOf(
    { objectives: [{ name: 'acc', direction: 'maximize' }], constraints: [{ name: 'latency', max: 30 }] },
    [{ values: { acc: 0.9, latency: 12 } }],
  );
  expect(history.completed.map(({ loss, losses, constraints }) => ({ loss, losses, constraints }))).toEqual([{ loss: -0.9, losses: [-0.9], constraints: [-18] }]);
  expect({ objectiveCount: history.objectiveCount, constraintCount: history.constraintCount }).toEqual({ objectiveCount: 1, constraintCount: 1 });
});

test('a plain single-objective study gives samplers exactly what it gave before objectives existed', async () => {
  const history = await historyOf({ direction: 'maximize' }, [{ value: 2 }, { value: 3 }]);
  expect(history.completed.map((c) => Object.keys(c))).toEqual([['number', 'params', 'loss'], ['number', 'params', 'loss']]);
  expect(history.completed.map((c) => c.loss)).toEqual([-2, -3]);
  expect('objectiveCount' in history || 'constraintCount' in history).toBe(false);
});

import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StudyHistories } from '../../../src/service/study-histories';
import { StudyService } from '../../../src/service/study-service';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';
import type { Storage } from '../../../src/storage/port';

/** What a snapshot must equal: the whole history read afresh and parsed. */
async function fullRead(storage: Storage, studyId: string) {
  const trials = await storage.listTrials(studyId, { after: -1, limit: 100_000 });
  return {
    completed: trials.filter((t) => t.state === 'COMPLETE').map((t) => ({ number: t.number, params: t.params, loss: -(t.value as number) })),
    pruned: trials.filter((t) => t.state === 'PRUNED').map((t) => ({ number: t.number, params: t.params, loss: t.value === null ? null : -t.value })),
    failed: trials.filter((t) => t.state === 'FAIL').map((t) => ({ number: t.number, params: t.params })),
    pending: trials.filter((t) => t.state === 'RUNNING' || t.state === 'WAITING').map((t) => t.params),
    trialCount: trials.length,
  };
}

test('a kept history, read incrementally, always equals the whole history read afresh (trials finishing in any order)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'baytune-histories-'));
  try {
    // Each step: append k RUNNING trials, or finish the i-th open trial as COMPLETE, PRUNED or FAIL.
    const step = fc.oneof(fc.record({ append: fc.integer({ min: 1, max: 3 }) }), fc.record({ finish: fc.nat(20), as: fc.constantFrom('COMPLETE', 'PRUNED', 'FAIL') }));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const storage = SqliteStorage.open(join(dir, `h${run++}.db`));
        const service = new StudyService(storage);
        const study = await service.createStudy({ name: 's', direction: 'maximize', space: { x: { type: 'float', low: 0, high: 1 } } });
        const full = (await storage.getStudy(study.id))!;
        const histories = new StudyHistories(storage);
        let x = 0;
        for (const s of steps) {
          if ('append' in s) {
            await storage.addTrials(study.id, Array.from({ length: s.append }, () => ({ state: 'RUNNING' as const, params: { x: (x = (x + 0.37) % 1) } })), 0);
          } else {
            const open = (await storage.listTrials(study.id, { after: -1, limit: 1000 })).filter((t) => t.state === 'RUNNING');
            const trial = open[s.finish % Math.max(1, open.length)];
            if (trial) await storage.finishTrial(study.id, trial.id, { state: s.as, value: s.as === 'FAIL' ? null : x, fail_reason: null, now: 1 });
          }
          const snapshot = await histories.snapshot(full);
          expect(snapshot.history).toEqual(await fullRead(storage, study.id));
        }
        await storage.close();
      }),
      { numRuns: 25, seed: 11 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

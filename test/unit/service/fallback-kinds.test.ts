import { silentObserver } from '../../../src/service/observer';
import { StudyService } from '../../../src/service/study-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';

const space = { x: { type: 'float' as const, low: 0, high: 1 }, y: { type: 'float' as const, low: 0, high: 1 } };
const bowl = (p: Record<string, unknown>): number => ((p.x as number) - 0.3) ** 2 + ((p.y as number) - 0.6) ** 2;

/**
 * What the service reports as fallbacks (the metric and the warning log): a sampler's planned start
 * (the gp's initial design, TPE's startup trials) is the study's plan, not a cheaper strategy
 * standing in for it, though its reason names it in `fallback`. (Deadline fallbacks and spares are
 * reported: test/e2e/spare-points.test.ts.)
 */
describe('fallbacks reported to the observer', () => {
  for (const sampler of [{ type: 'gp', n_initial: 4 }, { type: 'tpe', n_startup_trials: 4 }]) {
    it(`${sampler.type}: none for its planned start, though each reason names it in fallback`, async () => {
      const reported: string[] = [];
      const service = new StudyService(new MemoryStorage(), { observer: { ...silentObserver, fellBack: (_s: string, reason: string) => void reported.push(reason) } });
      const study = await service.createStudy({ name: sampler.type, space, sampler: { ...sampler, seed: 3 } });
      for (let i = 0; i < 4; i++) {
        const [trial] = await service.ask(study.id);
        expect(trial!.reason?.fallback).toMatch(/^(initial design|startup): /);
        await service.tell(study.id, trial!.id, { value: bowl(trial!.params) });
      }
      expect(reported).toEqual([]);
      await service.close();
    });
  }
});

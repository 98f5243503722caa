import { isPlannedStart } from '../../../src/samplers/sampler';
import { silentObserver } from '../../../src/service/observer';
import { StudyService } from '../../../src/service/study-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';

const space = { x: { type: 'float' as const, low: 0, high: 1 }, y: { type: 'float' as const, low: 0, high: 1 } };
const bowl = (p: Record<string, unknown>): number => ((p.x as number) - 0.3) ** 2 + ((p.y as number) - 0.6) ** 2;

/**
 * A sampler's planned start (the gp's initial design, TPE's startup trials, the genetic sampler's
 * initial population) is the study's plan, not a cheaper strategy standing in for the sampler: its
 * reason names it in `detail` (isPlannedStart) and has no `fallback`, so the service reports no
 * fallback (metric, warning log). The trials after it are not planned starts. (Deadline fallbacks
 * and spares are reported: test/e2e/spare-points.test.ts.)
 */
describe('a planned start is no fallback', () => {
  const samplers = [
    { sampler: { type: 'gp', n_initial: 4 }, detail: /^initial design: sobol point, \d of 4 trials finished$/ },
    { sampler: { type: 'tpe', n_startup_trials: 4 }, detail: /^startup: random \(\d < n_startup_trials 4\)$/ },
    { sampler: { type: 'genetic', population_size: 4 }, detail: /^initial population: sobol point \d$/ },
  ];
  for (const { sampler, detail } of samplers) {
    it(`${sampler.type}: its first 4 trials say so in detail, with no fallback and nothing reported; the fifth is no planned start`, async () => {
      const reported: string[] = [];
      const service = new StudyService(new MemoryStorage(), { observer: { ...silentObserver, fellBack: (_s: string, reason: string) => void reported.push(reason) } });
      const study = await service.createStudy({ name: sampler.type, space, sampler: { ...sampler, seed: 3 } });
      for (let i = 0; i < 5; i++) {
        const [trial] = await service.ask(study.id);
        const reason = trial!.reason!;
        expect(reason.fallback).toBeUndefined();
        expect(isPlannedStart(reason)).toBe(i < 4);
        if (i < 4) expect(reason.detail).toMatch(detail);
        await service.tell(study.id, trial!.id, { value: bowl(trial!.params) });
      }
      expect(reported).toEqual([]);
      await service.close();
    });
  }
});

import { DomainError } from '../../../src/domain/errors';
import { StudyService } from '../../../src/service/study-service';
import { MemoryStorage } from '../../../src/storage/memory-storage';

/**
 * Partial enqueue with parameter names that plain objects inherit (P8): a conditional `constructor`
 * activated by a fixed parent is filled with a number (never Object.prototype.constructor), and a
 * fixed `toString` that is inactive for the given parent is refused by name, never silently dropped.
 */
describe('partial enqueue with inherited-looking parameter names', () => {
  const space = {
    kind: { type: 'categorical' as const, choices: ['a', 'b'] },
    constructor: { type: 'float' as const, low: 0, high: 1, condition: { parent: 'kind', values: ['b'] } },
    toString: { type: 'int' as const, low: 1, high: 9, condition: { parent: 'kind', values: ['b'] } },
  };

  it('fills a conditional `constructor` activated by the fixed parent with a value of its range', async () => {
    const service = new StudyService(new MemoryStorage());
    const study = await service.createStudy({ name: 'names', space, sampler: { type: 'random', seed: 5 } });
    for (let i = 0; i < 12; i++) {
      const trial = await service.addTrial(study.id, { params: { kind: 'b' } });
      const params = trial.params as Record<string, unknown>;
      expect(Object.keys(params).sort()).toEqual(['constructor', 'kind', 'toString']);
      const filled = params['constructor'];
      expect(typeof filled).toBe('number');
      expect(filled as number).toBeGreaterThanOrEqual(0);
      expect(filled as number).toBeLessThanOrEqual(1);
      expect(Number.isInteger(params['toString'])).toBe(true);
    }
    await service.close();
  });

  it('refuses a fixed `toString` that the fixed parent leaves inactive, naming it', async () => {
    const service = new StudyService(new MemoryStorage());
    const study = await service.createStudy({ name: 'names-inactive', space: { ...space, x: { type: 'float' as const, low: 0, high: 1 } }, sampler: { type: 'random', seed: 5 } });
    const attempt = service.addTrial(study.id, { params: { kind: 'a', toString: 3 } });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_params', field: 'params.toString' });
    await service.close();
  });
});

import type { CreateStudyRequest } from '../../../src/api/types';
import { SINGLE_PROCESS_BACKENDS, serviceForEachTest } from './single-process-backends';

/** Numbered samplers (random, Sobol, grid) near the end of a grid and in batches, on the single-process backends. */
describe.each(SINGLE_PROCESS_BACKENDS)('numbered asks (%s)', (_name, open) => {
  const ctx = serviceForEachTest(open);

  it.each([undefined, 'key'])('a grid batch larger than what is left hands out the rest, then grid_exhausted (request_key %s)', async (key) => {
    const study = await ctx.service().createStudy({ name: 'grid-end', space: { n: { type: 'int', low: 0, high: 5 } }, sampler: { type: 'grid' } });
    const ask = (count: number, k: string) => ctx.service().ask(study.id, key === undefined ? { count } : { count, client_id: 'w', request_key: k });
    const first = await ask(4, 'a');
    for (const t of first) await ctx.service().tell(study.id, t.id, { value: 1 });
    const rest = await ask(4, 'b');
    for (const t of rest) await ctx.service().tell(study.id, t.id, { value: 2 });
    expect([...first, ...rest].map((t) => t.params.n).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    await expect(ask(1, 'c')).rejects.toMatchObject({ code: 'grid_exhausted' });
    expect((await ctx.storage().countTrials(study.id)).total).toBe(6);
  });

  it.each(['random', 'sobol', 'grid'])('%s: concurrent batch asks get distinct points and gapless numbers', async (type) => {
    const space: CreateStudyRequest['space'] = type === 'grid' ? { n: { type: 'int', low: 0, high: 99 } } : { x: { type: 'float', low: 0, high: 1 } };
    const study = await ctx.service().createStudy({ name: `batch-${type}`, space, sampler: { type, seed: 3 } });
    const batches = await Promise.all(Array.from({ length: 8 }, () => ctx.service().ask(study.id, { count: 3 })));
    const trials = batches.flat();
    expect(trials.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(new Set(trials.map((t) => JSON.stringify(t.params))).size).toBe(24);
  });

  it.each(['random', 'sobol'])('%s: a seeded study draws the same points whichever client asks (no salt from client_id or request_key)', async (type) => {
    const space: CreateStudyRequest['space'] = { x: { type: 'float', low: 0, high: 1 }, k: { type: 'int', low: 1, high: 1000, log: true } };
    const run = async (name: string, worker: string | undefined): Promise<unknown[]> => {
      const study = await ctx.service().createStudy({ name, space, sampler: { type, seed: 7 } });
      const points: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const [trial] = await ctx.service().ask(study.id, worker === undefined ? {} : { client_id: worker, request_key: `${worker}-${i}` });
        points.push(trial?.params);
        await ctx.service().tell(study.id, trial?.id as string, { value: i });
      }
      return points;
    };
    const anonymous = await run(`${type}-anonymous`, undefined);
    expect(await run(`${type}-host-a`, 'host-a-pid-101-w0')).toEqual(anonymous);
    expect(await run(`${type}-host-b`, 'host-b-pid-202-w0')).toEqual(anonymous);
  });
});

import type { CreateStudyRequest } from '../../../src/api/types';
import { SINGLE_PROCESS_BACKENDS, serviceForEachTest } from './single-process-backends';

const SPACE: CreateStudyRequest['space'] = { x: { type: 'float', low: 0, high: 1 }, k: { type: 'int', low: 1, high: 1000, log: true } };

/** The seeds of model-based asks: reproducible for a lone worker, salted by client while trials are in flight. */
describe.each(SINGLE_PROCESS_BACKENDS)('model-based ask seeds (%s)', (_name, open) => {
  const ctx = serviceForEachTest(open);

  /** The params of `trials` sequential ask/tell steps by one worker (`undefined`: anonymous). */
  const sequentialRun = async (name: string, type: string, worker: string | undefined, trials: number): Promise<unknown[]> => {
    const study = await ctx.service().createStudy({ name, space: SPACE, sampler: type === 'gp' ? { type, seed: 11, n_initial: 3 } : { type, seed: 11, n_startup_trials: 3 } });
    const points: unknown[] = [];
    for (let i = 0; i < trials; i++) {
      const [trial] = await ctx.service().ask(study.id, worker === undefined ? {} : { client_id: worker, request_key: `${worker}-${i}` });
      points.push(trial?.params);
      await ctx.service().tell(study.id, trial?.id as string, { value: ((trial?.params.x as number) - 0.3) ** 2 + Math.log10(trial?.params.k as number) / 10 });
    }
    return points;
  };

  it.each(['tpe', 'gp'])('%s: a seeded study run by one worker at a time suggests the same points whichever client asks', async (type) => {
    const anonymous = await sequentialRun(`${type}-anonymous`, type, undefined, 6);
    expect(await sequentialRun(`${type}-host-a`, type, 'host-a-pid-101-w0', 6)).toEqual(anonymous);
    expect(await sequentialRun(`${type}-host-b`, type, 'host-b-pid-202-w0', 6)).toEqual(anonymous);
  });

  it('with a trial in flight, two clients asking the same history get points of their own', async () => {
    const pointsAfterOnePending = async (name: string, worker: string): Promise<unknown> => {
      const study = await ctx.service().createStudy({ name, space: SPACE, sampler: { type: 'tpe', seed: 11 } });
      await ctx.service().ask(study.id, { client_id: 'other', request_key: 'first' });
      const [trial] = await ctx.service().ask(study.id, { client_id: worker, request_key: 'second' });
      return trial?.params;
    };
    expect(await pointsAfterOnePending('salted-a', 'host-a-pid-101-w0')).not.toEqual(await pointsAfterOnePending('salted-b', 'host-b-pid-202-w0'));
  });
});

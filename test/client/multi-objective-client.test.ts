import type { ApiObjective, ApiOutcomeConstraint } from '../../src/api/types';
import { BaytuneError } from '../../src/client/baytune-error';
import { HttpStudyClient } from '../../src/client/http-client';
import type { StudyClient } from '../../src/client/study-client';
import { openStudies } from '../../src/index';
import { startTestServer } from '../helpers/server';

/** Multi-objective studies through both StudyClients: same answers, same errors (issue 13). */
const implementations: [string, () => Promise<{ client: StudyClient; stop(): Promise<void> }>][] = [
  ['HttpStudyClient against a live server', async () => {
    const server = await startTestServer();
    return { client: new HttpStudyClient({ url: server.url }), stop: () => server.stop() };
  }],
  ['InProcessStudyClient from openStudies', async () => {
    const client = await openStudies({ storage: 'memory' });
    return { client, stop: () => client.close() };
  }],
];

const objectives: ApiObjective[] = [{ name: 'error', direction: 'minimize' }, { name: 'speed', direction: 'maximize' }];
const constraints: ApiOutcomeConstraint[] = [{ name: 'memory_mb', max: 512 }];

describe.each(implementations)('%s', (_name, start) => {
  let h: { client: StudyClient; stop(): Promise<void> };
  beforeAll(async () => {
    h = await start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('creates a study with typed objectives, tells values and reads the Pareto front', async () => {
    const study = await h.client.createStudy({ name: 'mo', space: { x: { type: 'float', low: 0, high: 1 } }, objectives, constraints, sampler: { type: 'sobol', seed: 2 } });
    expect(study).toMatchObject({ objectives, constraints, direction: 'minimize' });
    for (let i = 0; i < 8; i++) {
      const [trial] = await h.client.ask(study.id);
      const x = trial!.params.x as number;
      // error grows with x, speed falls with x, memory passes 512 above x = 0.75: the feasible front is x <= 0.75.
      const told = await h.client.tell(study.id, trial!.id, { values: { error: x, speed: x * x, memory_mb: 682 * x } });
      expect(told).toMatchObject({ state: 'COMPLETE', value: null, feasible: 682 * x <= 512 });
    }
    const front = await h.client.pareto(study.id);
    const all = (await h.client.listTrials(study.id)).trials;
    const feasible = all.filter((t) => t.feasible);
    expect(front.map((t) => t.number)).toEqual(feasible.map((t) => t.number));
    expect(front.length).toBeGreaterThan(0);
    expect((await h.client.getStudy(study.id)).best_value).toBeNull();
    const best = await h.client.best(study.id).catch((e: unknown) => e);
    expect(best).toBeInstanceOf(BaytuneError);
    expect(best).toMatchObject({ code: 'multi_objective', status: 409 });
    const [open] = await h.client.ask(study.id);
    await expect(h.client.report(study.id, open!.id, { step: 1, value: 1 })).rejects.toMatchObject({ code: 'multi_objective', status: 409 });
    await expect(h.client.tell(study.id, open!.id, { values: { error: 1, speed: 1 } })).rejects.toMatchObject({ code: 'invalid_value', status: 400, field: 'values.memory_mb' });
  });

  it('refuses a single-objective sampler on two objectives naming sampler.type', async () => {
    const request = { name: 'mo-ls', space: { x: { type: 'float' as const, low: 0, high: 1 } }, objectives, sampler: { type: 'local-search' } };
    await expect(h.client.createStudy(request)).rejects.toMatchObject({ code: 'invalid_sampler', status: 400, field: 'sampler.type' });
  });
});

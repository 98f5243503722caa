import { join } from 'node:path';
import { BaytuneError, HttpStudyClient, loadPlugins, samplerTypes } from 'baytune';
import { samplerContract } from 'baytune/testing';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The worked example of a third-party sampler (examples/plugins/perturb-best-sampler.ts): loaded as a
 * plugin file, it passes the exported sampler suite and serves studies over HTTP like a built-in.
 */
const PLUGIN = join(__dirname, '..', '..', 'examples', 'plugins', 'perturb-best-sampler.ts');
loadPlugins([PLUGIN]);

describe('third-party sampler perturb-best', () => {
  samplerContract('perturb-best', 20, 20);

  it('is listed next to the built-ins; loading the same file again is a no-op', () => {
    loadPlugins([PLUGIN]);
    expect(samplerTypes()).toEqual(expect.arrayContaining(['auto', 'gp', 'perturb-best']));
  });

  describe('over HTTP', () => {
    let server: TestServer;
    beforeAll(async () => { server = await startTestServer(); });
    afterAll(async () => { await server.stop(); });

    it('a study with the plugin sampler closes in on a quadratic minimum; a bad option is a 400 naming it', async () => {
      const client = new HttpStudyClient({ url: server.url, clientId: 'plugin-test' });
      const study = await client.createStudy({
        name: 'plugin-quadratic',
        space: { x: { type: 'float', low: -5, high: 5 }, y: { type: 'float', low: -5, high: 5 } },
        sampler: { type: 'perturb-best', seed: 3, scale: 0.05, n_startup: 4 },
      });
      expect(study.sampler).toMatchObject({ type: 'perturb-best', scale: 0.05, n_startup: 4 });
      const losses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const [trial] = await client.ask(study.id);
        expect(trial!.reason).toMatchObject({ strategy: 'perturb-best' });
        const { x, y } = trial!.params as { x: number; y: number };
        losses.push((x - 1) ** 2 + (y + 2) ** 2);
        await client.tell(study.id, trial!.id, { value: losses[losses.length - 1]! });
      }
      // NOTE: the startup draws are uniform on [-5, 5]^2; 26 local steps of 0.05 x 10 must improve on them.
      expect(Math.min(...losses.slice(4))).toBeLessThan(Math.min(...losses.slice(0, 4)));
      const bad = client.createStudy({ name: 'bad', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: { type: 'perturb-best', scale: 2 } });
      await expect(bad).rejects.toBeInstanceOf(BaytuneError);
      await expect(bad).rejects.toMatchObject({ status: 400, code: 'invalid_sampler', field: 'sampler.scale' });
    });
  });
});

import { join } from 'node:path';
import { loadPlugins, openStudies, prunerTypes } from 'baytune';

/** The worked example of a third-party pruner (examples/plugins/loss-ceiling-pruner.ts), loaded as a plugin file. */
test('a plugin pruner decides reports of a study that names it, and its options are checked at creation', async () => {
  loadPlugins([join(__dirname, '..', '..', 'examples', 'plugins', 'loss-ceiling-pruner.ts')]);
  expect(prunerTypes()).toContain('loss-ceiling');
  const client = await openStudies({ storage: 'memory' });
  try {
    const study = await client.createStudy({
      name: 'ceiling', direction: 'maximize', space: { x: { type: 'float', low: 0, high: 1 } },
      pruner: { type: 'loss-ceiling', max_loss: -0.5, min_step: 1 },
    });
    expect(study.pruner).toEqual({ type: 'loss-ceiling', max_loss: -0.5, min_step: 1 });
    const [trial] = await client.ask(study.id);
    // maximize: loss = -value, so a value of 0.2 is a loss of -0.2, above the ceiling of -0.5.
    expect(await client.report(study.id, trial!.id, { step: 0, value: 0.2 })).toBe(false); // before min_step
    expect(await client.report(study.id, trial!.id, { step: 1, value: 0.9 })).toBe(false);
    expect(await client.report(study.id, trial!.id, { step: 2, value: 0.2 })).toBe(true);
    await expect(client.createStudy({ name: 'bad', space: { x: { type: 'float', low: 0, high: 1 } }, pruner: { type: 'loss-ceiling', max_loss: 'high' } }))
      .rejects.toMatchObject({ status: 400, code: 'invalid_pruner', field: 'pruner.max_loss' });
  } finally {
    await client.close();
  }
});

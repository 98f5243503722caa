import type { ApiStudy } from '../../src/api/types';
import type { StudyClient } from '../../src/client/study-client';

/** Branin on [-5, 10] x [0, 15]: minimum 0.397887 at three points. */
export function branin(x: number, y: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
}

/**
 * Runs `trials` ask/report/tell rounds of Branin plus a categorical offset on a new study, over
 * two workers (client ids `worker-a`, `worker-b`) with the given sampler and seed, reporting a 4-step learning curve per trial
 * and failing every 7th trial. Returns the study.
 */
export async function runBraninStudy(client: StudyClient, name: string, trials: number, seed: number, sampler = 'random'): Promise<ApiStudy> {
  const study = await client.createStudy({
    name,
    space: {
      x: { type: 'float', low: -5, high: 10 },
      y: { type: 'float', low: 0, high: 15 },
      lr: { type: 'float', low: 1e-4, high: 1, log: true },
      act: { type: 'categorical', choices: ['relu', 'tanh'] },
    },
    sampler: { type: sampler, seed },
    pruner: { type: 'median' },
  });
  for (let i = 0; i < trials; i++) {
    const [trial] = await client.ask(study.id, { count: 1, client_id: i % 2 === 0 ? 'worker-a' : 'worker-b' });
    if (!trial) throw new Error('ask returned no trial');
    const p = trial.params as { x: number; y: number; lr: number; act: string };
    const value = branin(p.x, p.y) + (p.act === 'tanh' ? 1 : 0) + Math.abs(Math.log10(p.lr) + 2);
    if (i % 7 === 6) {
      await client.tell(study.id, trial.id, { state: 'FAIL', reason: 'simulated out-of-memory' });
      continue;
    }
    let pruned = false;
    for (let step = 0; step < 4 && !pruned; step++) {
      pruned = await client.report(study.id, trial.id, { step, value: value * (1 + 1 / (step + 1)) });
    }
    await client.tell(study.id, trial.id, pruned ? { state: 'PRUNED' } : { value });
  }
  return study;
}

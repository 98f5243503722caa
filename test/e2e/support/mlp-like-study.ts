import type { ApiStudy } from '../../../src/api/types';
import type { Params } from '../../../src/domain/space';
import type { StudyService } from '../../../src/service/study-service';
import { createTrainer } from '../../../trainers/mlp';

/**
 * A synthetic objective over the mlp trainer's 24-parameter space: mostly learning_rate (best near
 * 10^-2.5), then epochs and batch_size; conditional parameters do not matter. Deterministic.
 */
export function mlpLikeObjective(p: Params, i: number): number {
  const lr = Math.log10(p.learning_rate as number);
  return 0.3 + 0.2 * (lr + 2.5) ** 2 + (p.batch_size === 128 ? 0.15 : 0) + 0.5 / (p.epochs as number) + 0.02 * Math.sin(i);
}

/**
 * Creates a study on the mlp trainer's space and runs `asked` trials through ask / report (4 steps)
 * / tell from 3 workers: every 13th fails, every 7th is pruned, the rest complete with a
 * `metrics.val_accuracy` user attribute. Then adds `added` finished trials with sampled params.
 */
export async function mlpLikeStudy(service: StudyService, name: string, asked: number, added = 0): Promise<ApiStudy> {
  const space = createTrainer({}).space;
  const study = await service.createStudy({ name, space: space as ApiStudy['space'], sampler: { type: 'random', seed: 3 } });
  for (let i = 0; i < asked; i++) {
    const [t] = await service.ask(study.id, { client_id: `worker-${i % 3}` });
    const value = mlpLikeObjective(t!.params as Params, i);
    for (let step = 1; step <= 4; step++) await service.report(study.id, t!.id, { step, value: value + 1 / step });
    if (i % 13 === 5) await service.tell(study.id, t!.id, { state: 'FAIL', reason: 'out of memory' });
    else if (i % 7 === 3) await service.tell(study.id, t!.id, { state: 'PRUNED' });
    else await service.tell(study.id, t!.id, { value, user_attrs: { metrics: { val_accuracy: 1 - value / 3 } } });
  }
  for (let i = 0; i < added; i++) {
    // A queued partial trial (empty params) is filled by the sampler; its params then go on a finished one.
    const queued = await service.addTrial(study.id, { params: {} });
    const [t] = await service.ask(study.id, {});
    await service.tell(study.id, t!.id, { value: mlpLikeObjective(queued.params as Params, asked + i) });
  }
  return study;
}

import { toLoss } from '../domain/objectives';
import type { Study } from '../domain/study';
import type { Trial } from '../domain/trial';
import type { Curve } from '../pruners/pruner';
import { createPruner } from '../pruners/registry';

/**
 * Asks the study's pruner whether `trial` (which just reported at `step`) should stop, given the
 * learning curves of every other trial that reported something. FAIL and WAITING trials are not
 * compared against.
 */
export function shouldPrune(study: Study, trial: Trial, others: Trial[], step: number): boolean {
  if (study.pruner.type === 'none') return false;
  const curve = (t: Trial): Curve => ({
    number: t.number,
    state: t.state as Curve['state'],
    values: t.intermediate_values.map((iv) => ({ step: iv.step, value: toLoss(iv.value, study.direction) })),
  });
  const comparable = others.filter(
    (t) => t.id !== trial.id && t.intermediate_values.length > 0 && (t.state === 'COMPLETE' || t.state === 'PRUNED' || t.state === 'RUNNING'),
  );
  return createPruner(study.pruner).shouldPrune({ trial: curve(trial), others: comparable.map(curve), step });
}

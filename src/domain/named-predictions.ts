import type { ObjectiveSpec } from './objectives';
import type { SuggestionReason } from './trial';

/** A model's prediction of one metric: posterior mean and standard deviation, in the metric's units. */
export interface MetricPrediction {
  mean: number;
  std: number;
}

/**
 * The reason as the API shows it: a sampler's index-ordered `predicted_objectives` (losses) and
 * `predicted_constraints` (slacks, g <= 0 holds) become `predicted`, a null-prototype map from
 * metric name to its prediction in the metric's own units (a `maximize` loss negated back; a slack
 * shifted back by its bound). A two-sided constraint's slack is not a linear function of the
 * metric, so it gets no entry (its part is in `probability_feasible`). A reason without the
 * arrays is returned as it is.
 */
export function namedPredictions(spec: ObjectiveSpec, reason: SuggestionReason): SuggestionReason {
  const { predicted_objectives: objectives, predicted_constraints: constraints, ...rest } = reason;
  if (objectives === undefined && constraints === undefined) return reason;
  const predicted = Object.create(null) as Record<string, MetricPrediction>;
  spec.objectives.forEach((o, i) => {
    const p = objectives?.[i];
    if (p !== undefined) predicted[o.name] = { mean: o.direction === 'maximize' ? -p.mean : p.mean, std: p.std };
  });
  spec.constraints.forEach((c, i) => {
    const p = constraints?.[i];
    if (p === undefined || (c.min !== undefined && c.max !== undefined)) return;
    predicted[c.name] = { mean: c.max !== undefined ? c.max + p.mean : c.min! - p.mean, std: p.std };
  });
  return { ...rest, predicted };
}

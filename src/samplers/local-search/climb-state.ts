import type { ObservedTrial, SamplerInput } from '../sampler';
import { constrainedLossOrder } from '../common/outcomes';
import type { LocalSearchOptions } from './local-search-options';

/**
 * Where the hill climb stands after replaying the study's finished trials in trial-number order:
 * the incumbent (best trial of the current climb, null right after a restart), the current step
 * size and the number of restarts so far.
 */
export interface ClimbState {
  incumbent: ObservedTrial | null;
  step: number;
  failures: number;
  restarts: number;
}

/**
 * Recomputes the climb from the history (the sampler keeps no state between asks). Each finished
 * trial after the first of a climb is a success when it beats the incumbent (step x growth, capped
 * at max_step) and a failure otherwise (step x growth^(-1/4)); pruned trials are failures. When
 * the step falls below min_step or `patience` failures come in a row, the climb restarts and the
 * next finished trial starts a new one. On a constrained study "beats" is constrained domination
 * for one objective: lower total violation, then lower loss (constrainedLossOrder), so any
 * feasible trial beats an infeasible incumbent.
 */
export function replayClimb(input: Pick<SamplerInput, 'completed' | 'pruned'>, o: LocalSearchOptions): ClimbState {
  const trials = [...input.completed, ...input.pruned.map((t) => ({ ...t, loss: Infinity, pruned: true }))].sort((a, b) => a.number - b.number);
  const shrink = o.step_growth ** -0.25;
  const state: ClimbState = { incumbent: null, step: o.initial_step, failures: 0, restarts: 0 };
  for (const trial of trials) {
    if (state.incumbent === null) {
      if (Number.isFinite(trial.loss)) state.incumbent = trial as ObservedTrial;
      continue;
    }
    if (!('pruned' in trial) && constrainedLossOrder(trial, state.incumbent) < 0) {
      state.incumbent = trial as ObservedTrial;
      state.step = Math.min(o.max_step, state.step * o.step_growth);
      state.failures = 0;
      continue;
    }
    state.step *= shrink;
    state.failures++;
    if (state.step < o.min_step || state.failures >= o.patience) {
      Object.assign(state, { incumbent: null, step: o.initial_step, failures: 0, restarts: state.restarts + 1 });
    }
  }
  return state;
}

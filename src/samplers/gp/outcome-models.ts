import type { ObservedTrial, SamplerInput } from '../sampler';
import { buildModel, type GpModel, type ModelSettings } from './model';
import { observedTrials } from './observations';

/**
 * The GPs of a study with several objectives or with constraints: one per objective (on that
 * objective's loss) and one per constraint (on its slack, "g <= 0 holds"), each fitted, warped and
 * cached like the single-loss model (model.ts). All share the space, hence the feature encoder.
 */
export interface OutcomeModels {
  objectives: GpModel[];
  constraints: GpModel[];
  /** Per constraint: the target (GP units) of slack 0; the constraint holds at or below it. */
  thresholds: number[];
  /** The COMPLETE trials, in order, with per-objective targets and feasibility. */
  outcomes: { trial: ObservedTrial; targets: number[]; slacks: number[]; feasible: boolean }[];
}

/**
 * Fits the outcome GPs of an ask (at least one COMPLETE trial). Objective j learns from the trials
 * observedTrials gives for its losses (pruned trials at the median for j > 0, since their last
 * reported value is the first objective's; failed trials at its worst loss); a constraint learns
 * from the COMPLETE trials only (pruned and failed ones measured no slack; failures have their own
 * model, feasibility.ts). `settings.stream` is extended per output so each keeps its last model.
 */
export function buildOutcomeModels(input: SamplerInput, settings: ModelSettings): OutcomeModels {
  const m = input.objectiveCount ?? 1;
  const c = input.constraintCount ?? 0;
  const losses = input.completed.map((t) => lossesOf(t, m));
  const slacks = input.completed.map((t) => slacksOf(t, c));
  const objectives = Array.from({ length: m }, (_, j) => {
    const completed = input.completed.map((t, i) => ({ number: t.number, params: t.params, loss: losses[i]![j]! }));
    const pruned = j === 0 ? input.pruned : input.pruned.map((t) => ({ ...t, loss: null }));
    const trials = observedTrials({ completed, pruned, failed: input.failed });
    return buildModel(input.space, trials, { ...settings, stream: `${settings.stream ?? ''}|objective ${j}` });
  });
  const constraints = Array.from({ length: c }, (_, k) => {
    const trials = input.completed.map((t, i) => ({ number: t.number, params: t.params, loss: slacks[i]![k]! }));
    return buildModel(input.space, trials, { ...settings, stream: `${settings.stream ?? ''}|constraint ${k}` });
  });
  return {
    objectives,
    constraints,
    thresholds: constraints.map((model) => model.warp.forward(0)),
    outcomes: input.completed.map((trial, i) => ({
      trial,
      targets: objectives.map((model, j) => model.warp.forward(losses[i]![j]!)),
      slacks: slacks[i]!,
      feasible: slacks[i]!.every((s) => s <= 0),
    })),
  };
}

function lossesOf(t: ObservedTrial, m: number): number[] {
  const losses = t.losses ?? (m === 1 ? [t.loss] : undefined);
  if (!losses || losses.length !== m) throw new Error(`gp sampler: trial ${t.number} carries ${losses?.length ?? 0} losses for ${m} objectives`);
  return losses;
}

function slacksOf(t: ObservedTrial, c: number): number[] {
  const slacks = t.constraints ?? (c === 0 ? [] : undefined);
  if (!slacks || slacks.length !== c) throw new Error(`gp sampler: trial ${t.number} carries ${slacks?.length ?? 0} constraint slacks for ${c} constraints`);
  return slacks;
}

/**
 * The lowest target of a model among some of its trials (numbers and losses): the posterior mean at
 * those in its training set (the plug-in incumbent of GpModel.bestTarget), the warped loss for the
 * others. Infinity for no trials.
 */
export function lowestTarget(model: GpModel, trials: readonly { number: number; loss: number }[]): number {
  const { gp } = model;
  const plugIn = new Map<number, number>();
  model.train.forEach((t, i) => plugIn.set(t.number, gp.meanAtRow(i)));
  return trials.reduce((best, t) => Math.min(best, plugIn.get(t.number) ?? model.warp.forward(t.loss)), Infinity);
}

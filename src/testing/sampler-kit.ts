/// <reference types="jest" />
import fc from 'fast-check';
import type { ParamSpec, ParamValue, Params, SearchSpace } from '../domain/space';
import { encodeUnitPoint, sampleParams, validateParams, validateSpace } from '../core/space';
import { Rng } from '../core/rng';
import type { ObservedTrial, SamplerInput } from '../samplers/sampler';

/** A sampler input with no deadline pressure; fields can be overridden. */
export function inputFor(space: SearchSpace, overrides: Partial<SamplerInput> = {}): SamplerInput {
  return {
    space,
    completed: [],
    pruned: [],
    pending: [],
    count: 1,
    seed: 7,
    budget: { deadlineMs: Number.MAX_SAFE_INTEGER, now: () => 0 },
    trialCount: overrides.completed?.length ?? 0,
    ...overrides,
  };
}

/** Turns suggested params and their losses into the completed trials of an input. */
export function observed(history: { params: Params; loss: number }[]): ObservedTrial[] {
  return history.map((h, number) => ({ number, params: h.params, loss: h.loss }));
}

const numericSpec = fc.oneof(
  fc.record({ type: fc.constant('float' as const), low: fc.integer({ min: -5, max: 5 }), width: fc.integer({ min: 1, max: 20 }) }).map((r) => ({ type: r.type, low: r.low, high: r.low + r.width })),
  fc.record({ low: fc.double({ min: 1e-4, max: 1, noNaN: true }), factor: fc.integer({ min: 2, max: 1000 }) }).map((r) => ({ type: 'float' as const, low: r.low, high: r.low * r.factor, log: true })),
  fc.record({ low: fc.integer({ min: -3, max: 3 }), width: fc.integer({ min: 1, max: 6 }) }).map((r) => ({ type: 'float' as const, low: r.low, high: r.low + r.width, step: 0.5 })),
  fc.record({ low: fc.integer({ min: -10, max: 10 }), width: fc.integer({ min: 0, max: 50 }) }).map((r) => ({ type: 'int' as const, low: r.low, high: r.low + r.width })),
  fc.record({ low: fc.integer({ min: 1, max: 10 }), factor: fc.integer({ min: 2, max: 200 }) }).map((r) => ({ type: 'int' as const, low: r.low, high: r.low * r.factor, log: true })),
);

const categoricalSpec = fc
  .uniqueArray(fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: -5, max: 5 }), fc.boolean()), {
    minLength: 1,
    maxLength: 5,
    selector: (v) => `${typeof v}:${String(v)}`,
  })
  .map((choices) => ({ type: 'categorical' as const, choices }));

/**
 * Random validated search spaces of 1..6 parameters (every type, log and step variants) where a
 * later parameter may be conditional on an earlier categorical or linear int one.
 */
export const arbitrarySpace: fc.Arbitrary<SearchSpace> = fc
  .array(fc.tuple(fc.oneof(numericSpec, categoricalSpec), fc.boolean(), fc.nat()), { minLength: 1, maxLength: 6 })
  .map((entries) => {
    const space: SearchSpace = {};
    entries.forEach(([spec, conditional, pick], i) => {
      const parents = Object.entries(space).filter(([, s]) => s.type === 'categorical' || (s.type === 'int' && !s.log));
      const parent = parents[pick % Math.max(1, parents.length)];
      const out: ParamSpec = { ...spec } as ParamSpec;
      if (conditional && parent) out.condition = { parent: parent[0], values: [switchingValue(parent[1], pick)] };
      space[`p${i}`] = out;
    });
    return validateSpace(space);
  });

/** A value the parent can take: one of its choices, or for an int one of its three lowest values. */
function switchingValue(parent: ParamSpec, pick: number): ParamValue {
  if (parent.type === 'categorical') return parent.choices[pick % parent.choices.length] as ParamValue;
  return Math.min(parent.high, parent.low + (pick % 3));
}

/** A conditional space used across strategy tests: a model type switches sub-parameters on. */
export const conditionalSpace: SearchSpace = validateSpace({
  model: { type: 'categorical', choices: ['linear', 'tree', 'net'] },
  alpha: { type: 'float', low: 1e-4, high: 1, log: true, condition: { parent: 'model', values: ['linear'] } },
  depth: { type: 'int', low: 1, high: 12, condition: { parent: 'model', values: ['tree'] } },
  layers: { type: 'int', low: 1, high: 3, condition: { parent: 'model', values: ['net'] } },
  width: { type: 'int', low: 8, high: 512, log: true, condition: { parent: 'model', values: ['net'] } },
  dropout: { type: 'float', low: 0, high: 0.5, step: 0.1, condition: { parent: 'layers', values: [2, 3] } },
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
});

/**
 * Fails unless params hold exactly the active parameters of the space, each of the right type,
 * in range and on its step (validateParams throws otherwise), in parameterOrder.
 */
export function expectInSpace(space: SearchSpace, params: Params): void {
  expect(validateParams(space, params)).toEqual(params);
}

/**
 * n completed trials drawn from the prior with a deterministic loss (distance of the unit point
 * to the centre, with categorical coordinates included), to push model-based samplers past startup.
 */
export function randomHistory(space: SearchSpace, n: number, seed: number): ObservedTrial[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, number) => {
    const params = sampleParams(space, rng);
    return { number, params, loss: offCentreLoss(space, params) };
  });
}

/** The loss of randomHistory: squared distance of the active unit coordinates to 0.3. */
export function offCentreLoss(space: SearchSpace, params: Params): number {
  return Array.from(encodeUnitPoint(space, params)).reduce((s, u) => (Number.isNaN(u) ? s : s + (u - 0.3) ** 2), 0);
}

/** A continuous 3-d space on which no two suggestions of a batch should ever coincide. */
export const continuousSpace: SearchSpace = validateSpace({
  x: { type: 'float', low: -1, high: 1 },
  y: { type: 'float', low: 1e-3, high: 10, log: true },
  z: { type: 'float', low: 0, high: 5 },
});

/** A canonical string of a configuration (names sorted), for counting distinct suggestions. */
export function paramsKey(params: Params): string {
  return JSON.stringify(Object.keys(params).sort().map((name) => [name, params[name]]));
}

/** How many objectives and outcome constraints a test study has. */
export interface OutcomeShape {
  objectives: number;
  constraints: number;
}

/**
 * Gives trials of randomHistory the outcomes of a study of `shape`: objective k is the squared
 * distance of the active unit coordinates to 0.3 + 0.4 k / max(1, objectives - 1) (so the
 * objectives conflict), constraint c holds when the first active coordinate is at most
 * 0.5 + 0.1 c (slack in unit-cube units). `loss` stays the first objective, as the service sets it.
 */
export function withOutcomes(space: SearchSpace, trials: readonly ObservedTrial[], shape: OutcomeShape): ObservedTrial[] {
  return trials.map((t) => {
    const unit = Array.from(encodeUnitPoint(space, t.params)).filter((u) => !Number.isNaN(u));
    const losses = Array.from({ length: shape.objectives }, (_, k) => {
      const centre = 0.3 + (0.4 * k) / Math.max(1, shape.objectives - 1);
      return unit.reduce((sum, u) => sum + (u - centre) ** 2, 0);
    });
    const constraints = Array.from({ length: shape.constraints }, (_, c) => (unit[0] ?? 0) - (0.5 + 0.1 * c));
    return { ...t, loss: losses[0]!, losses, ...(shape.constraints > 0 ? { constraints } : {}) };
  });
}

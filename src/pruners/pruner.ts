import type { IntermediateValue } from '../domain/trial';

/** A trial's learning curve as pruners see it; `loss` values: lower is better (sign flipped for maximize). */
export interface Curve {
  number: number;
  state: 'RUNNING' | 'COMPLETE' | 'PRUNED';
  /** Intermediate values, `value` already turned into a loss; ordered by step. */
  values: IntermediateValue[];
}

/** Everything a pruner may use to decide on one report. Pure: same input, same answer. */
export interface PruneInput {
  /** The trial that just reported, including the new value. */
  trial: Curve;
  /** All other trials of the study that reported anything (COMPLETE, PRUNED and RUNNING). */
  others: Curve[];
  /** The step just reported. */
  step: number;
}

/** An early-stopping rule. */
export interface Pruner {
  readonly type: string;
  shouldPrune(input: PruneInput): boolean;
}

/**
 * A pruner's entry in the registry: `normalize` checks the options of `{"type": ..., ...}` at study
 * creation (throwing DomainError('invalid_pruner', ..., 'pruner.<option>')) and fills defaults.
 */
export interface PrunerFactory {
  readonly type: string;
  readonly description: string;
  normalize(options: Record<string, unknown>): Record<string, unknown>;
  create(options: Record<string, unknown>): Pruner;
}

/** What an early-stopping rule supplies to become a PrunerFactory through definePruner. */
export interface PrunerDefinition<O extends object> {
  readonly type: string;
  readonly description: string;
  /** Checks raw options (throwing DomainError('invalid_pruner', ..., 'pruner.<option>')) and fills defaults. */
  options(raw: Record<string, unknown>): O;
  /** Builds the pruner of normalised options. */
  build(options: O): Pruner;
}

/** The one PrunerFactory shape (see defineSampler): normalize stores checked options, create re-checks and builds. */
export function definePruner<O extends object>(definition: PrunerDefinition<O>): PrunerFactory {
  return {
    type: definition.type,
    description: definition.description,
    normalize: (raw) => ({ ...definition.options(raw) }) as Record<string, unknown>,
    create: (raw) => definition.build(definition.options(raw)),
  };
}

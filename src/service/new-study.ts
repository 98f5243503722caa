import { randomInt } from 'node:crypto';
import type { CreateStudyRequest } from '../api/types';
import { validateSpace } from '../core/space';
import { DomainError } from '../domain/errors';
import { checkObjectiveSpec, isMultiObjective, singleObjective, type ObjectiveSpec } from '../domain/objectives';
import { STUDY_DEFAULTS, type PrunerConfig, type SamplerConfig } from '../domain/study';
import type { SearchSpace } from '../domain/space';
import { normalizePrunerConfig } from '../pruners/registry';
import { DEFAULT_SAMPLER_TYPE, handlesSeveralObjectives, normalizeSamplerConfig } from '../samplers/registry';
import type { NewStudy } from '../storage/port';

/**
 * Validates a create-study request beyond its JSON shape (space meaning, objectives, sampler and
 * pruner options) and fills defaults. A study without a sampler seed gets a random one, stored, so
 * every suggestion can be reproduced later from the history. Throws DomainError naming the field.
 */
export function buildNewStudy(request: CreateStudyRequest): NewStudy {
  const space = validateSpace(request.space as SearchSpace);
  const spec = objectiveSpecOf(request);
  const requested = (request.sampler ?? { type: DEFAULT_SAMPLER_TYPE }) as SamplerConfig;
  const sampler = normalizeSamplerConfig(requested, space);
  if (sampler.seed === undefined) sampler.seed = randomInt(0, 2 ** 32 - 1);
  const pruner = normalizePrunerConfig(request.pruner ?? { type: 'none' });
  checkFitsObjectives(spec, sampler, pruner);
  const name = request.name.trim();
  if (name.length === 0) throw new DomainError('invalid_request', 'name must not be blank', 'name');
  return {
    name: request.name,
    direction: spec.objectives[0]!.direction,
    objectives: spec.objectives,
    constraints: spec.constraints,
    space,
    sampler,
    pruner,
    user_attrs: (request.user_attrs as Record<string, unknown> | undefined) ?? {},
    lease_seconds: request.lease_seconds ?? STUDY_DEFAULTS.leaseSeconds,
    max_retry: request.max_retry ?? STUDY_DEFAULTS.maxRetry,
  };
}

/**
 * The objectives and constraints of a create request, checked (checkObjectiveSpec): `objectives`,
 * or the `direction` shorthand (one objective named `value`; minimize by default), never both.
 * Only the fields the API defines are kept, so a stored spec has no stray keys.
 */
function objectiveSpecOf(request: CreateStudyRequest): ObjectiveSpec {
  if (request.direction !== undefined && request.objectives !== undefined) {
    throw new DomainError('invalid_objectives', 'give either "direction" (one objective named "value") or "objectives", not both', 'objectives');
  }
  const base = request.objectives === undefined ? singleObjective(request.direction ?? 'minimize').objectives : request.objectives;
  const spec: ObjectiveSpec = {
    objectives: base.map((o) => ({ name: o.name, direction: o.direction })),
    constraints: (request.constraints ?? []).map((c) => ({
      name: c.name, ...(c.min === undefined ? {} : { min: c.min }), ...(c.max === undefined ? {} : { max: c.max }),
    })),
  };
  checkObjectiveSpec(spec);
  return spec;
}

/**
 * A study with several objectives needs a sampler that handles them (400 naming `sampler.type`)
 * and takes no pruner: pruning by intermediate values is single-objective (400 naming `pruner.type`).
 */
function checkFitsObjectives(spec: ObjectiveSpec, sampler: SamplerConfig, pruner: PrunerConfig): void {
  if (!isMultiObjective(spec)) return;
  if (!handlesSeveralObjectives(sampler)) {
    throw new DomainError('invalid_sampler', `the '${sampler.type}' sampler optimises one objective; this study has ${spec.objectives.length}`, 'sampler.type');
  }
  if (pruner.type !== 'none') {
    throw new DomainError('invalid_pruner', `pruning is single-objective; a study with ${spec.objectives.length} objectives takes the 'none' pruner`, 'pruner.type');
  }
}

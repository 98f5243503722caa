import { randomInt } from 'node:crypto';
import type { CreateStudyRequest } from '../api/types';
import { validateSpace } from '../core/space';
import { DomainError } from '../domain/errors';
import { STUDY_DEFAULTS, type SamplerConfig } from '../domain/study';
import type { SearchSpace } from '../domain/space';
import { normalizePrunerConfig } from '../pruners/registry';
import { DEFAULT_SAMPLER_TYPE, normalizeSamplerConfig } from '../samplers/registry';
import type { NewStudy } from '../storage/port';

/**
 * Validates a create-study request beyond its JSON shape (space meaning, sampler and pruner
 * options) and fills defaults. A study without a sampler seed gets a random one, stored, so every
 * suggestion can be reproduced later from the history. Throws DomainError naming the field.
 */
export function buildNewStudy(request: CreateStudyRequest): NewStudy {
  const space = validateSpace(request.space as SearchSpace);
  const requested = (request.sampler ?? { type: DEFAULT_SAMPLER_TYPE }) as SamplerConfig;
  const sampler = normalizeSamplerConfig(requested, space);
  if (sampler.seed === undefined) sampler.seed = randomInt(0, 2 ** 32 - 1);
  const name = request.name.trim();
  if (name.length === 0) throw new DomainError('invalid_request', 'name must not be blank', 'name');
  return {
    name: request.name,
    direction: request.direction ?? 'minimize',
    space,
    sampler,
    pruner: normalizePrunerConfig(request.pruner ?? { type: 'none' }),
    user_attrs: (request.user_attrs as Record<string, unknown> | undefined) ?? {},
    lease_seconds: request.lease_seconds ?? STUDY_DEFAULTS.leaseSeconds,
    max_retry: request.max_retry ?? STUDY_DEFAULTS.maxRetry,
  };
}

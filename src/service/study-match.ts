import type { CreateStudyRequest } from '../api/types';
import type { Study } from '../domain/study';
import type { NewStudy } from '../storage/port';

/**
 * What keeps an existing study from being loaded for a create request with `load_if_exists`: the
 * direction, the objectives and constraints, each parameter of the space (added, removed or changed), and the sampler and pruner
 * when the request names them (a sampler seed only when the request gives one). Empty when the
 * existing study matches. Each entry is `field: stored X, requested Y`.
 */
export function studyDifferences(existing: Study, requested: NewStudy, request: CreateStudyRequest): string[] {
  const out: string[] = [];
  if (existing.direction !== requested.direction) out.push(`direction: stored ${existing.direction}, requested ${requested.direction}`);
  // The direction line already names the difference of one objective of the same name.
  const wantedObjectives = requested.objectives ?? existing.objectives;
  const sameSingle = existing.objectives.length === 1 && wantedObjectives.length === 1 && existing.objectives[0]?.name === wantedObjectives[0]?.name;
  if (!sameSingle && !sameJson(existing.objectives, wantedObjectives)) {
    out.push(`objectives: stored ${describe(existing.objectives)}, requested ${describe(wantedObjectives)}`);
  }
  const wantedConstraints = requested.constraints ?? existing.constraints;
  if (!sameJson(existing.constraints, wantedConstraints)) {
    out.push(`constraints: stored ${describe(existing.constraints)}, requested ${describe(wantedConstraints)}`);
  }
  const names = new Set([...Object.keys(existing.space), ...Object.keys(requested.space)]);
  for (const name of names) {
    const stored = existing.space[name];
    const wanted = requested.space[name];
    if (!sameJson(stored, wanted)) out.push(`space.${name}: stored ${describe(stored)}, requested ${describe(wanted)}`);
  }
  if (request.sampler !== undefined) {
    const storedSampler = request.sampler.seed === undefined ? withoutSeed(existing.sampler) : existing.sampler;
    const wantedSampler = request.sampler.seed === undefined ? withoutSeed(requested.sampler) : requested.sampler;
    if (!sameJson(storedSampler, wantedSampler)) out.push(`sampler: stored ${describe(storedSampler)}, requested ${describe(wantedSampler)}`);
  }
  if (request.pruner !== undefined && !sameJson(existing.pruner, requested.pruner)) {
    out.push(`pruner: stored ${describe(existing.pruner)}, requested ${describe(requested.pruner)}`);
  }
  return out;
}

function withoutSeed(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'seed'));
}

function describe(value: unknown): string {
  return value === undefined ? 'absent' : canonicalJson(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return a !== undefined && b !== undefined ? canonicalJson(a) === canonicalJson(b) : a === b;
}

/** JSON with object keys sorted at every level, so key order does not count as a difference. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

import type { ParamSpec, SearchSpace } from '../domain/space';

function describe(spec: ParamSpec): string {
  if (spec.type === 'categorical') return `categorical of ${JSON.stringify(spec.choices)}`;
  return `${spec.type} in [${spec.low}, ${spec.high}]${spec.log ? ' (log)' : ''}`;
}

function problemWith(name: string, base: ParamSpec, override: ParamSpec): string | null {
  if (typeof override !== 'object' || override === null || override.type !== base.type) {
    return `"${name}" must stay ${base.type} (the trainer's is ${describe(base)})`;
  }
  if (override.type === 'categorical' && base.type === 'categorical') {
    const extra = (override.choices ?? []).find((c) => !base.choices.includes(c));
    return extra === undefined ? null : `"${name}" has choice ${JSON.stringify(extra)}, which the trainer does not know; valid: ${JSON.stringify(base.choices)}`;
  }
  if (override.type !== 'categorical' && base.type !== 'categorical') {
    const inside = override.low >= base.low && override.high <= base.high;
    return inside ? null : `"${name}" must stay within the trainer's range: ${describe(base)} (got [${override.low}, ${override.high}])`;
  }
  return null;
}

/**
 * Narrows a trainer's space with user overrides (`--space file.json`): each override replaces the
 * spec of a parameter the trainer has, keeping its type, with choices a subset of the trainer's and
 * numeric ranges inside the trainer's (those bound what the trainer can build). A condition the
 * override leaves out is kept from the trainer's spec. Throws an Error naming the parameter and
 * what is valid; the merged space is validated again when the study is created.
 */
export function applySpaceOverrides(base: SearchSpace, overrides: Record<string, unknown>): SearchSpace {
  const merged: SearchSpace = { ...base };
  for (const [name, raw] of Object.entries(overrides)) {
    const spec = base[name];
    if (!spec) throw new Error(`space override names "${name}", which the trainer does not have; its parameters are ${Object.keys(base).join(', ')}`);
    const problem = problemWith(name, spec, raw as ParamSpec);
    if (problem) throw new Error(`space override does not fit the trainer: ${problem}`);
    const override = raw as ParamSpec;
    merged[name] = { ...override, ...(override.condition || !spec.condition ? {} : { condition: spec.condition }) } as ParamSpec;
  }
  return dropUnreachable(merged);
}

function canTake(parent: ParamSpec, value: unknown): boolean {
  if (parent.type === 'categorical') return parent.choices.includes(value as never);
  return typeof value === 'number' && value >= parent.low && value <= parent.high;
}

/**
 * After narrowing, a condition may name parent values that are gone (optimizer narrowed to adam
 * leaves `momentum` unreachable): such values are dropped, and parameters left with none are removed
 * together with their own dependants.
 */
function dropUnreachable(space: SearchSpace): SearchSpace {
  const out: SearchSpace = { ...space };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, spec] of Object.entries(out)) {
      if (!spec.condition) continue;
      const parent = out[spec.condition.parent];
      const values = parent ? spec.condition.values.filter((v) => canTake(parent, v)) : [];
      if (values.length === spec.condition.values.length) continue;
      changed = true;
      if (values.length === 0) delete out[name];
      else out[name] = { ...spec, condition: { parent: spec.condition.parent, values } };
    }
  }
  return out;
}

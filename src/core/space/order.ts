import type { Params, ParamSpec, SearchSpace } from '../../domain/space';

/**
 * Parameter names with every parent before its children, otherwise in the user's order.
 * Assumes a validated space (no cycles, parents exist).
 */
export function parameterOrder(space: SearchSpace): string[] {
  const names = Object.keys(space);
  const placed = new Set<string>();
  const out: string[] = [];
  const visit = (name: string): void => {
    if (placed.has(name)) return;
    const parent = space[name]?.condition?.parent;
    if (parent !== undefined && !placed.has(parent)) visit(parent);
    placed.add(name);
    out.push(name);
  };
  for (const name of names) visit(name);
  return out;
}

/** True when the spec's condition (if any) holds for the parent's value in `params`. */
export function conditionHolds(spec: ParamSpec, params: Params): boolean {
  const cond = spec.condition;
  if (!cond) return true;
  if (!Object.prototype.hasOwnProperty.call(params, cond.parent)) return false;
  const parentValue = params[cond.parent];
  return cond.values.some((v) => v === parentValue);
}

/**
 * Names of the parameters active for `params`, in parameterOrder. A parameter is active when its
 * condition holds and its parent is itself active (and present in params).
 */
export function activeNames(space: SearchSpace, params: Params): string[] {
  return parameterOrder(space).filter((name) => {
    const spec = space[name] as ParamSpec;
    return conditionHolds(spec, params);
  });
}

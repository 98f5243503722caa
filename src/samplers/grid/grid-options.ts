import { DomainError } from '../../domain/errors';
import { own, type ParamSpec, type ParamValue, type SearchSpace } from '../../domain/space';
import { samplerOption } from '../options';

/** Normalised options of the grid strategy. */
export interface GridOptions {
  /** Values per float parameter without an explicit list (2..10000). */
  grid_points: number;
  /** Explicit value lists per parameter name, each checked against the space. */
  values: Record<string, ParamValue[]>;
  /** Visit the grid in a seeded pseudo-random order instead of index order. */
  shuffle: boolean;
  /** What an ask does once every grid point was handed out. */
  on_exhausted: 'error' | 'random';
}

const MAX_LISTED_VALUES = 10000;

/** Checks the grid options against the space; throws DomainError('invalid_sampler', ..., 'sampler.<option>'). */
export function normalizeGridOptions(options: Record<string, unknown>, space: SearchSpace): GridOptions {
  samplerOption.onlyKnown(options, ['grid_points', 'values', 'shuffle', 'on_exhausted']);
  return {
    grid_points: samplerOption.number(options, 'grid_points', 10, 2, 10000, true),
    values: checkValueLists(options['values'] ?? {}, space),
    shuffle: samplerOption.flag(options, 'shuffle', false),
    on_exhausted: samplerOption.oneOf(options, 'on_exhausted', 'error', ['error', 'random'] as const),
  };
}

function checkValueLists(raw: unknown, space: SearchSpace): Record<string, ParamValue[]> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw bad('sampler.values', 'sampler option "values" must be an object mapping parameter names to lists of values');
  }
  const out: Record<string, ParamValue[]> = {};
  for (const [name, list] of Object.entries(raw as Record<string, unknown>)) {
    const field = `sampler.values.${name}`;
    const spec = own(space, name);
    if (!spec) throw bad(field, `sampler option "values" names "${name}", which is not a parameter of the space`);
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_LISTED_VALUES) {
      throw bad(field, `sampler option "values.${name}" must be a list of 1 to ${MAX_LISTED_VALUES} values`);
    }
    const seen = new Set<string>();
    for (const value of list) {
      const problem = valueProblem(spec, value);
      if (problem) throw bad(field, `sampler option "values.${name}": ${JSON.stringify(value)} ${problem}`);
      const key = `${typeof value}:${String(value)}`;
      if (seen.has(key)) throw bad(field, `sampler option "values.${name}" lists ${JSON.stringify(value)} twice`);
      seen.add(key);
    }
    out[name] = (list as ParamValue[]).slice();
  }
  return out;
}

/** Why a value cannot be taken by the parameter, or null when it can. */
function valueProblem(spec: ParamSpec, value: unknown): string | null {
  if (spec.type === 'categorical') return spec.choices.some((c) => c === value) ? null : 'is not one of the choices';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a finite number';
  if (spec.type === 'int' && !Number.isInteger(value)) return 'is not an integer';
  if (value < spec.low || value > spec.high) return `is outside [${spec.low}, ${spec.high}]`;
  if (spec.step !== undefined) {
    const k = (value - spec.low) / spec.step;
    if (Math.abs(k - Math.round(k)) > 1e-9) return `is not on the step ${spec.step}`;
  }
  return null;
}

function bad(field: string, message: string): DomainError {
  return new DomainError('invalid_sampler', message, field);
}

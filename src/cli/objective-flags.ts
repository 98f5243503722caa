import type { Objective, OutcomeConstraint } from '../domain/objectives';

/** Collects a repeatable flag's values in order (commander's reducer for `--objective` and `--constraint`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The trimmed metric name; throws naming the flag when it is empty (the server checks the rest). */
function metricName(raw: string, flag: string, whole: string): string {
  const name = raw.trim();
  if (name === '') throw new Error(`${flag} "${whole}": the metric name is missing`);
  return name;
}

/** `val_loss:minimize` (direction minimize when left out) as an Objective; throws naming --objective. */
export function parseObjectiveFlag(raw: string): Objective {
  const colon = raw.lastIndexOf(':');
  const [name, direction] = colon < 0 ? [raw, 'minimize'] : [raw.slice(0, colon), raw.slice(colon + 1)];
  const d = direction.trim().toLowerCase();
  if (d !== 'minimize' && d !== 'maximize') throw new Error(`--objective "${raw}": direction must be minimize or maximize, got "${direction}"`);
  return { name: metricName(name, '--objective', raw), direction: d };
}

/** Every --objective flag in order; an empty list when none was given. */
export function parseObjectiveFlags(raws: readonly string[]): Objective[] {
  const objectives = raws.map(parseObjectiveFlag);
  const seen = new Set<string>();
  for (const o of objectives) {
    if (seen.has(o.name)) throw new Error(`--objective: "${o.name}" is given twice`);
    seen.add(o.name);
  }
  return objectives;
}

function finiteBound(raw: string, whole: string): number {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--constraint "${whole}": the bound must be a finite number, got "${raw.trim()}"`);
  return n;
}

/**
 * Every --constraint flag (`memory_mb<=512`, `accuracy>=0.9`) as outcome constraints, in first-seen
 * order; two flags on one metric (`x>=1`, `x<=5`) make one constraint with both bounds. Throws
 * naming --constraint for a bad operator, name or bound, and for the same bound given twice.
 */
export function parseConstraintFlags(raws: readonly string[]): OutcomeConstraint[] {
  const byName = new Map<string, OutcomeConstraint>();
  for (const raw of raws) {
    const match = /^(.*?)(<=|>=)(.*)$/.exec(raw);
    if (!match) throw new Error(`--constraint "${raw}": write name<=max or name>=min, e.g. memory_mb<=512`);
    const name = metricName(match[1] as string, '--constraint', raw);
    const bound = finiteBound(match[3] as string, raw);
    const side = match[2] === '<=' ? 'max' : 'min';
    const constraint = byName.get(name) ?? { name };
    if (constraint[side] !== undefined) throw new Error(`--constraint "${raw}": ${name} already has a ${side === 'max' ? 'maximum' : 'minimum'}`);
    constraint[side] = bound;
    byName.set(name, constraint);
  }
  return [...byName.values()];
}

/**
 * `val_loss=0.2,latency_ms=31` as a Map from metric name to a finite number (a Map: the names are
 * the user's); throws naming --values for a malformed pair, a non-finite number or a repeated name.
 */
export function parseValuesFlag(raw: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new Error(`--values: "${pair}" is not name=number (write e.g. val_loss=0.2,latency_ms=31)`);
    const name = metricName(pair.slice(0, eq), '--values', raw);
    const text = pair.slice(eq + 1).trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) throw new Error(`--values: ${name} must be a finite number, got "${text}"`);
    if (values.has(name)) throw new Error(`--values: ${name} is given twice`);
    values.set(name, value);
  }
  return values;
}

/** The Map as a null-prototype object, the shape of the API's `values` (names never meet Object.prototype). */
export function valuesObject(values: ReadonlyMap<string, number>): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const [name, value] of values) out[name] = value;
  return out;
}

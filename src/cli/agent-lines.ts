import { own } from '../domain/space';

/**
 * One `baytune: {...}` line of a program's stdout: an intermediate report, or the final result:
 * `value` (one objective), `values` (metrics by name, for a study with several objectives or
 * constraints), or both.
 */
export type AgentMessage = { kind: 'report'; step: number; value: number } | ({ kind: 'final' } & AgentResult);

/** A program's final result: at least one of `value` and `values` (a Map: the names are the program's). */
export type AgentResult = { value: number; values?: Map<string, number> } | { value?: undefined; values: Map<string, number> };

/**
 * Reads `{"value": v}` and/or `{"values": {"name": v, ...}}` (finite numbers) as a result; null
 * when the body has neither; throws an Error (message starting with `where`) when either is malformed.
 */
export function parseResult(body: { value?: unknown; values?: unknown }, where: string): AgentResult | null {
  const hasValue = body.value !== undefined;
  if (hasValue && (typeof body.value !== 'number' || !Number.isFinite(body.value))) throw new Error(`${where} needs a finite "value"`);
  if (body.values === undefined) return hasValue ? { value: body.value as number } : null;
  if (typeof body.values !== 'object' || body.values === null || Array.isArray(body.values)) throw new Error(`${where} needs "values" as an object of metric name -> number`);
  const values = new Map<string, number>();
  for (const [name, v] of Object.entries(body.values)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where} needs a finite number as "values.${name}"`);
    values.set(name, v);
  }
  return hasValue ? { value: body.value as number, values } : { values };
}

const PREFIX = /^baytune:\s*(\{.*\})\s*$/;

/**
 * Parses a stdout line. Returns null for ordinary output; throws an Error for a `baytune:` line
 * that is malformed (not JSON, value or a values entry not a finite number, step not a
 * non-negative integer, a report without value), so a typo in the program is reported rather than ignored.
 */
export function parseAgentLine(line: string): AgentMessage | null {
  const match = PREFIX.exec(line.trim());
  if (!match) return null;
  let body: { step?: unknown; value?: unknown; values?: unknown };
  try {
    body = JSON.parse(match[1] as string) as { step?: unknown; value?: unknown; values?: unknown };
  } catch {
    throw new Error(`malformed baytune line (not JSON): ${line.slice(0, 200)}`);
  }
  if (body.step === undefined) {
    const result = parseResult(body, `baytune line ${line.slice(0, 200)}`);
    if (result === null) throw new Error(`baytune line needs a finite "value" (or "values"): ${line.slice(0, 200)}`);
    return { kind: 'final', ...result };
  }
  if (typeof body.value !== 'number' || !Number.isFinite(body.value)) throw new Error(`baytune line needs a finite "value": ${line.slice(0, 200)}`);
  if (typeof body.step !== 'number' || !Number.isInteger(body.step) || body.step < 0) throw new Error(`baytune line "step" must be a non-negative integer: ${line.slice(0, 200)}`);
  return { kind: 'report', step: body.step, value: body.value };
}

/** Replaces `{name}` in each argument by the parameter's value; an inactive parameter gives ''. */
export function fillPlaceholders(args: readonly string[], params: Record<string, unknown>): string[] {
  return args.map((arg) => arg.replace(/\{([A-Za-z_][\w.-]*)\}/g, (_, name: string) => (own(params, name) === undefined ? '' : String(own(params, name)))));
}

/** Placeholder names in the arguments that are not parameters of the space (a likely typo). */
export function unknownPlaceholders(args: readonly string[], names: readonly string[]): string[] {
  const found = args.flatMap((arg) => [...arg.matchAll(/\{([A-Za-z_][\w.-]*)\}/g)].map((m) => m[1] as string));
  return [...new Set(found.filter((n) => !names.includes(n)))];
}

/** Keeps the last `maxChars` characters of a stream (for the stderr tail of a failed trial). */
export class Tail {
  private text = '';
  constructor(private readonly maxChars: number) {}

  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.maxChars);
  }

  toString(): string {
    return this.text.trim();
  }
}

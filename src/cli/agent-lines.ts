import { own } from '../domain/space';

/** One `baytune: {...}` line of a program's stdout: an intermediate report or the final value. */
export type AgentMessage = { kind: 'report'; step: number; value: number } | { kind: 'final'; value: number };

const PREFIX = /^baytune:\s*(\{.*\})\s*$/;

/**
 * Parses a stdout line. Returns null for ordinary output; throws an Error for a `baytune:` line
 * that is malformed (not JSON, value not a finite number, step not a non-negative integer), so a
 * typo in the program is reported rather than ignored.
 */
export function parseAgentLine(line: string): AgentMessage | null {
  const match = PREFIX.exec(line.trim());
  if (!match) return null;
  let body: { step?: unknown; value?: unknown };
  try {
    body = JSON.parse(match[1] as string) as { step?: unknown; value?: unknown };
  } catch {
    throw new Error(`malformed baytune line (not JSON): ${line.slice(0, 200)}`);
  }
  if (typeof body.value !== 'number' || !Number.isFinite(body.value)) throw new Error(`baytune line needs a finite "value": ${line.slice(0, 200)}`);
  if (body.step === undefined) return { kind: 'final', value: body.value };
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

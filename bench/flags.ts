import { parseArgs } from 'node:util';

/**
 * The flags a bench script knows, by name (kebab-case, without the dashes): a string is the
 * default of a flag that takes a value, `false` a switch, `null` a flag whose default the code
 * reading it supplies.
 */
export type FlagSpec = Record<string, string | false | null>;

/** Parsed flags: the value given or the default; `undefined` for an absent `null` flag. */
export type BenchFlags<S extends FlagSpec> = { readonly [K in keyof S]: S[K] extends false ? boolean : S[K] extends string ? string : string | undefined };

/**
 * Parses a bench script's command line strictly (node:util parseArgs). `--help` (or `-h`) prints
 * `usage` and exits 0; an unknown flag, a flag without its value or a stray argument prints the
 * error and `usage` and exits 2. NOTE: the scripts used to read argv by hand and ignore what they
 * did not know, so `--help` started the full benchmark (minutes) and a mistyped `--seed 3` ran
 * the default seeds without a word.
 */
export function benchFlags<S extends FlagSpec>(usage: string, spec: S, argv: string[] = process.argv.slice(2)): BenchFlags<S> {
  const options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = { help: { type: 'boolean', short: 'h', default: false } };
  for (const [name, fallback] of Object.entries(spec)) {
    options[name] = fallback === false ? { type: 'boolean', default: false } : fallback === null ? { type: 'string' } : { type: 'string', default: fallback };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help === true) {
    console.log(usage);
    process.exit(0);
  }
  return values as BenchFlags<S>;
}

/**
 * A numeric flag's value: a finite number at least `min`; otherwise prints the error and `usage`
 * and exits 2, as an unknown flag does (`Number('x')` is NaN, which ran zero seeds without a word).
 */
export function numericFlag(usage: string, name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number >= ${min}, got "${value}"\n\n${usage}`);
    process.exit(2);
  }
  return n;
}

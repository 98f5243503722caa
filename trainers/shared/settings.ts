import type { TrainerOptions } from '../../src/trainer/trainer';

/**
 * The integer setting `name` of a bundled trainer's typed options (numbers, or strings when the CLI
 * took them from BAYTUNE_* variables); `fallback` when absent or empty. Throws naming the trainer
 * and the setting when the value is not an integer.
 */
export function intSetting(options: TrainerOptions, trainer: string, name: string, fallback: number): number {
  const raw = options.settings?.[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${trainer} setting ${name}="${raw}" must be an integer`);
  return n;
}

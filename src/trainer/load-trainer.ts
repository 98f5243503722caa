import * as fs from 'node:fs';
import * as path from 'node:path';
import { trainerShapeProblem, type CreateTrainer, type Trainer, type TrainerOptions } from './trainer';

/**
 * The trainers shipped in the package's trainers/ folder, found by path at run time: they are
 * trainer modules like a user's (each exports createTrainer), so src/ never imports trainers/.
 */
const BUNDLED_TRAINERS = ['mlp', 'cnn', 'regression', 'darts'] as const;
const BUNDLED_DIR = path.join(__dirname, '..', '..', 'trainers');

const HOW = 'give a bundled trainer name, a file path (./my-trainer.js) or an installed npm package exporting { name, description, space, train }';

function bundledNames(): string {
  return BUNDLED_TRAINERS.join(', ');
}

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || path.isAbsolute(spec) || /\.(c|m)?(j|t)s$/.test(spec);
}

function resolveModule(spec: string, cwd: string): string {
  if (looksLikePath(spec)) {
    const file = path.resolve(cwd, spec);
    if (!fs.existsSync(file)) throw new Error(`trainer file ${file} does not exist; ${HOW}`);
    return file;
  }
  try {
    return require.resolve(spec, { paths: [cwd] });
  } catch {
    throw new Error(`unknown trainer "${spec}": it is not bundled (${bundledNames()}) and no npm package of that name is installed; ${HOW}`);
  }
}

/** The trainer a module exports: built by its `createTrainer(options)`, or as `default`, as `trainer`, or as the module itself. */
function exportedTrainer(loaded: unknown, where: string, options: TrainerOptions): Trainer {
  const create = (loaded as { createTrainer?: unknown })?.createTrainer;
  const candidates = [typeof create === 'function' ? (create as CreateTrainer)(options) : undefined, (loaded as { default?: unknown })?.default, (loaded as { trainer?: unknown })?.trainer, loaded];
  const found = candidates.find((c) => c !== undefined && trainerShapeProblem(c) === null);
  if (found) return found as Trainer;
  const problem = trainerShapeProblem(candidates.find((c) => c !== undefined && typeof c === 'object') ?? loaded);
  throw new Error(`${where} does not export a trainer (${problem}); export { name, description, space, train } as default, as "trainer" or as the module`);
}

/**
 * Finds a trainer by bundled name (mlp, cnn, regression, darts), file path (relative to `cwd`) or npm
 * package name, built with `options` when the module exports createTrainer. Throws an Error naming
 * what is valid when nothing fits (or a bad setting); nothing trains here.
 */
export function loadTrainer(spec: string, options: TrainerOptions = {}, cwd: string = process.cwd()): Trainer {
  const file = (BUNDLED_TRAINERS as readonly string[]).includes(spec) ? require.resolve(path.join(BUNDLED_DIR, spec)) : resolveModule(spec, cwd);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- trainers are found at run time
  return exportedTrainer(require(file), `trainer module ${file}`, options);
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUNDLED_TRAINERS } from './bundled';
import { trainerShapeProblem, type Trainer } from './trainer';

const HOW = 'give a bundled trainer name, a file path (./my-trainer.js) or an installed npm package exporting { name, description, space, train }';

function bundledNames(): string {
  return BUNDLED_TRAINERS.map((t) => t.name).join(', ');
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

/** The trainer a module exports: as `default`, as `trainer`, or as the module itself. */
function exportedTrainer(loaded: unknown, where: string): Trainer {
  const candidates = [(loaded as { default?: unknown })?.default, (loaded as { trainer?: unknown })?.trainer, loaded];
  const found = candidates.find((c) => c !== undefined && trainerShapeProblem(c) === null);
  if (found) return found as Trainer;
  const problem = trainerShapeProblem(candidates.find((c) => c !== undefined && typeof c === 'object') ?? loaded);
  throw new Error(`${where} does not export a trainer (${problem}); export { name, description, space, train } as default, as "trainer" or as the module`);
}

/**
 * Finds a trainer by bundled name (mlp, cnn, regression, darts), file path (relative to `cwd`) or npm
 * package name. Throws an Error naming what is valid when nothing fits; nothing trains here.
 */
export function loadTrainer(spec: string, cwd: string = process.cwd()): Trainer {
  const bundled = BUNDLED_TRAINERS.find((t) => t.name === spec);
  if (bundled) return bundled.create();
  const file = resolveModule(spec, cwd);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- user trainers are found at run time
  return exportedTrainer(require(file), `trainer module ${file}`);
}

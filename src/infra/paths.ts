import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | null = null;

/**
 * The package's root folder (where package.json named "baytune" and openapi.yaml live), found by
 * walking up from this file; works from src/ under ts-jest/swc and from dist/ after a build.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'baytune') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the baytune package root above ' + __dirname);
    dir = parent;
  }
}

/** Absolute path of openapi.yaml, the HTTP contract. */
export function openApiPath(): string {
  return join(packageRoot(), 'openapi.yaml');
}

/**
 * The compiled worker-thread entry `name` beside `callerFile` (the caller's __filename) when the
 * caller runs as compiled JavaScript and that file exists, else null: code run from TypeScript
 * sources (jest with @swc/jest) cannot start a worker on a .ts file and does the work inline.
 */
export function compiledWorkerEntry(callerFile: string, name: string): string | null {
  const entry = join(dirname(callerFile), name);
  return callerFile.endsWith('.js') && existsSync(entry) ? entry : null;
}

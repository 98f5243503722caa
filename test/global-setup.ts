import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const ENTRY = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** Newest modification time (ms) of any .ts file under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when the selected tests include the e2e ones, which spawn `node dist/src/cli/main.js`. */
function needsDist(patterns: string[]): boolean {
  return patterns.length === 0 || patterns.some((p) => p.includes('e2e'));
}

/**
 * Jest global setup: compiles src/, bench/, trainers/ and examples/ to dist/ (tsconfig.build.json) once per run
 * when e2e tests are selected and dist/ is older than any of their source files. Type errors do not stop the run (tsc still
 * emits); a build that emits nothing does.
 */
export default function globalSetup(globalConfig: { testPathPatterns?: { patterns?: string[] } }): void {
  const patterns = globalConfig.testPathPatterns?.patterns ?? [];
  if (!needsDist(patterns)) return;
  const builtAt = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
  if (builtAt >= Math.max(...['src', 'bench', 'trainers', 'examples'].map((dir) => newestSource(join(ROOT, dir))))) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    if (!existsSync(ENTRY)) throw error;
    process.stderr.write(`global-setup: tsc reported errors, testing what it emitted:\n${String((error as { stdout?: Buffer }).stdout ?? '')}\n`);
  }
}

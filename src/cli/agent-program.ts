import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/** True when `file` is a regular file this process may execute. */
function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Where the program `name` would be started from, as spawn finds it without a shell: a name with a
 * slash is a path (relative to `cwd`), a bare name is looked up in each PATH directory. null when
 * nothing executable is there. A name holding a `{placeholder}` is not checked (undefined).
 */
export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null | undefined {
  if (/\{[^}]+\}/.test(name)) return undefined;
  if (name.includes('/')) {
    const file = path.resolve(cwd, name);
    return executable(file) ? file : null;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return null;
}

/** The last `lines` lines of a failure reason's stderr tail, indented for the console; '' when it has none. */
export function stderrTailForConsole(reason: string, lines = 15): string {
  const at = reason.indexOf('stderr tail:\n');
  if (at < 0) return '';
  const tail = reason.slice(at + 'stderr tail:\n'.length).replace(/\s+$/, '').split('\n').slice(-lines);
  return tail.map((line) => `    | ${line}`).join('\n');
}

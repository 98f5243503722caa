import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The compiled CLI entry; test/global-setup.ts rebuilds dist/ when it is older than src/. */
export const CLI_ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `baytune serve` process on a free loopback port. */
export interface ServerProcess {
  /** Base URL read from the `baytune listening on http://...` log line. */
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (pino JSON lines). */
  output(): string;
  /** Resolves once the process has exited. */
  exited: Promise<ProcessExit>;
  /** Sends `signal` and waits (at most `timeoutMs`) for the exit; SIGKILLs on timeout. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ProcessExit>;
}

/** What to start: the database location, extra flags and extra environment. */
export interface ServerProcessOptions {
  db: string;
  args?: string[];
  env?: Record<string, string>;
  /** Milliseconds to wait for the listening line (default 20 s). */
  startTimeoutMs?: number;
}

function assertBuilt(): void {
  if (!existsSync(CLI_ENTRY)) throw new Error(`${CLI_ENTRY} is missing: run \`npm run build\` (test/global-setup.ts does it for e2e runs)`);
}

function spawnCli(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<ProcessExit> } {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => text, exited };
}

const LISTENING = /baytune listening on (http:\/\/[^\s)]+)/;

/**
 * Starts `node dist/src/cli/main.js serve --port 0 --db <db>` and resolves once its log names the
 * URL (logged at info level, so BAYTUNE_LOG_LEVEL is info unless `env` sets it). Rejects with the
 * process output when it exits or stays silent past the timeout.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const env = { BAYTUNE_LOG_LEVEL: 'info', ...options.env };
  const { child, output, exited } = spawnCli(['serve', '--port', '0', '--db', options.db, ...(options.args ?? [])], env);
  const url = await waitForOutput(output, exited, LISTENING, options.startTimeoutMs ?? 20_000).catch((err: Error) => {
    child.kill('SIGKILL');
    throw err;
  });
  let stopping = false;
  // A server that dies on its own (not stopped, not killed with SIGKILL by a fault test) says why on
  // stderr, so a crash under load in CI leaves its exit and last log lines behind.
  void exited.then((exit) => {
    if (stopping || exit.signal === 'SIGKILL' || exit.code === 0) return;
    process.stderr.write(`server process ${child.pid} exited unexpectedly (code ${exit.code}, signal ${exit.signal}); last output:\n${output().slice(-4000)}\n`);
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<ProcessExit> => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  };
  return { url, pid: child.pid as number, child, output, exited, stop };
}

/** Runs a CLI command to its end (at most `timeoutMs`, then SIGKILL) and returns exit and output. */
export async function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ProcessExit & { output: string }> {
  const { child, output, exited } = spawnCli(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await exited;
  clearTimeout(timer);
  return { ...exit, output: output() };
}

/** Polls the output every 20 ms for `pattern`; resolves its first group. */
function waitForOutput(output: () => string, exited: Promise<ProcessExit>, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      fn();
    };
    const poll = setInterval(() => {
      const m = pattern.exec(output());
      if (m) finish(() => resolve(m[1] as string));
    }, 20);
    const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern.source} within ${timeoutMs} ms:\n${output()}`))), timeoutMs);
    void exited.then((exit) => finish(() => reject(new Error(`server exited (${exit.code ?? exit.signal}) before listening:\n${output()}`))));
  });
}

/** Sleeps `ms` milliseconds (for bounded polling loops only). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

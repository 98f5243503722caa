import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseAgentLine, Tail } from './agent-lines';

/** How an external program's trial ended. */
export type ProgramOutcome =
  | { kind: 'value'; value: number }
  | { kind: 'pruned'; lastValue: number | null }
  | { kind: 'failed'; reason: string };

/** One run of the user's program. */
export interface ProgramRun {
  command: string[];
  env: Record<string, string>;
  /** Folder for BAYTUNE_PARAMS_FILE and BAYTUNE_RESULT_FILE. */
  workDir: string;
  params: Record<string, unknown>;
  /** Seconds before the program is killed and the trial failed; undefined for no limit. */
  timeoutSeconds?: number;
  /** Seconds between SIGTERM and SIGKILL. */
  killGraceSeconds: number;
  signal: AbortSignal;
  /** Sends an intermediate value; resolves true when the trial should stop. */
  report(step: number, value: number): Promise<boolean>;
  /** Receives the program's ordinary stdout lines. */
  echo(line: string): void;
}

function readResultFile(file: string): number | null {
  try {
    const body = JSON.parse(fs.readFileSync(file, 'utf8')) as { value?: unknown };
    return typeof body.value === 'number' && Number.isFinite(body.value) ? body.value : null;
  } catch {
    return null;
  }
}

function withTail(reason: string, stderr: Tail): string {
  const tail = stderr.toString();
  return tail ? `${reason}; stderr tail:\n${tail}` : reason;
}

/**
 * Runs the program (no shell) with the params as BAYTUNE_PARAMS (JSON), BAYTUNE_PARAMS_FILE and a
 * BAYTUNE_RESULT_FILE to write `{"value": x}` to. Reads `baytune: {"step": s, "value": v}` and
 * `baytune: {"value": v}` lines from stdout. Stops the program (SIGTERM, then SIGKILL after the
 * grace) on a prune decision, on timeout and on abort. A non-zero exit, a timeout, a malformed
 * baytune line or a clean exit without a value is a failure with the stderr tail.
 */
export function runProgram(run: ProgramRun): Promise<ProgramOutcome> {
  const paramsFile = path.join(run.workDir, 'params.json');
  const resultFile = path.join(run.workDir, 'result.json');
  fs.mkdirSync(run.workDir, { recursive: true });
  fs.writeFileSync(paramsFile, JSON.stringify(run.params));
  fs.rmSync(resultFile, { force: true });
  const env = { ...process.env, ...run.env, BAYTUNE_PARAMS: JSON.stringify(run.params), BAYTUNE_PARAMS_FILE: paramsFile, BAYTUNE_RESULT_FILE: resultFile };
  const child = spawn(run.command[0] as string, run.command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = new Tail(2000);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  let stopReason: ProgramOutcome | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: ProgramOutcome): void => {
    if (stopReason) return;
    stopReason = why;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), run.killGraceSeconds * 1000);
  };
  const timeout = run.timeoutSeconds === undefined ? undefined : setTimeout(() => stop({ kind: 'failed', reason: `timed out after ${run.timeoutSeconds} s` }), run.timeoutSeconds * 1000);
  const onAbort = (): void => stop({ kind: 'failed', reason: 'interrupted' });
  run.signal.addEventListener('abort', onAbort);
  if (run.signal.aborted) onAbort();
  let finalValue: number | null = null;
  let reports = Promise.resolve();
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message;
    try {
      message = parseAgentLine(line);
    } catch (error) {
      stop({ kind: 'failed', reason: (error as Error).message });
      return;
    }
    if (!message) return run.echo(line);
    if (message.kind === 'final') finalValue = message.value;
    else {
      const { step, value } = message;
      reports = reports.then(async () => {
        if (!stopReason && (await run.report(step, value))) stop({ kind: 'pruned', lastValue: value });
      }).catch((error: unknown) => stop({ kind: 'failed', reason: `report failed: ${(error as Error).message}` }));
    }
  });
  return new Promise((resolve) => {
    child.on('error', (error) => stop({ kind: 'failed', reason: `cannot start ${run.command[0]}: ${error.message}` }));
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      run.signal.removeEventListener('abort', onAbort);
      void reports.then(() => {
        const stopped = stopReason as ProgramOutcome | null;
        if (stopped) return resolve(stopped.kind === 'failed' ? { kind: 'failed', reason: withTail(stopped.reason, stderr) } : stopped);
        if (code !== 0) return resolve({ kind: 'failed', reason: withTail(code === null ? `killed by ${signal}` : `exit code ${code}`, stderr) });
        const value = finalValue ?? readResultFile(resultFile);
        if (value === null) return resolve({ kind: 'failed', reason: withTail(`exited 0 without a value (print 'baytune: {"value": x}' or write ${resultFile})`, stderr) });
        resolve({ kind: 'value', value });
      });
    });
  });
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseAgentLine, parseResult, Tail, type AgentResult } from './agent-lines';

/** How an external program's trial ended. */
export type ProgramOutcome =
  | ({ kind: 'value' } & AgentResult)
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

/** The result file's `{"value"}` and/or `{"values"}`; null when it is missing, not JSON, or holds neither validly. */
function readResultFile(file: string): AgentResult | null {
  try {
    return parseResult(JSON.parse(fs.readFileSync(file, 'utf8')) as { value?: unknown; values?: unknown }, file);
  } catch {
    return null;
  }
}

function withTail(reason: string, stderr: Tail): string {
  const tail = stderr.toString();
  return tail ? `${reason}; stderr tail:\n${tail}` : reason;
}

/** The files a trial's program reads its params from and may write its result to. */
function prepareFiles(run: ProgramRun): { paramsFile: string; resultFile: string } {
  const paramsFile = path.join(run.workDir, 'params.json');
  const resultFile = path.join(run.workDir, 'result.json');
  fs.mkdirSync(run.workDir, { recursive: true });
  fs.writeFileSync(paramsFile, JSON.stringify(run.params));
  fs.rmSync(resultFile, { force: true });
  return { paramsFile, resultFile };
}

/** One running program: stops it at most once (SIGTERM, then SIGKILL) and remembers why. */
class ProgramSession {
  stopReason: ProgramOutcome | null = null;
  finalResult: AgentResult | null = null;
  reports: Promise<void> = Promise.resolve();
  readonly stderr = new Tail(2000);
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly killGraceSeconds: number,
  ) {}

  stop(why: ProgramOutcome): void {
    if (this.stopReason) return;
    this.stopReason = why;
    this.child.kill('SIGTERM');
    this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), this.killGraceSeconds * 1000);
  }

  clearKillTimer(): void {
    clearTimeout(this.killTimer);
  }

  /** Handles one stdout line: echo, final value, or a report sent in order (stopping on prune). */
  onLine(line: string, run: ProgramRun): void {
    let message;
    try {
      message = parseAgentLine(line);
    } catch (error) {
      return this.stop({ kind: 'failed', reason: (error as Error).message });
    }
    if (!message) return run.echo(line);
    if (message.kind === 'final') {
      const { kind: _final, ...result } = message;
      this.finalResult = result;
      return;
    }
    const { step, value } = message;
    this.reports = this.reports
      .then(async () => {
        if (!this.stopReason && (await run.report(step, value))) this.stop({ kind: 'pruned', lastValue: value });
      })
      .catch((error: unknown) => this.stop({ kind: 'failed', reason: `report failed: ${(error as Error).message}` }));
  }

  /** The outcome once the program exited with `code` / `signal`. */
  outcome(code: number | null, signal: NodeJS.Signals | null, resultFile: string): ProgramOutcome {
    const stopped = this.stopReason as ProgramOutcome | null;
    if (stopped) return stopped.kind === 'failed' ? { kind: 'failed', reason: withTail(stopped.reason, this.stderr) } : stopped;
    if (code !== 0) return { kind: 'failed', reason: withTail(code === null ? `killed by ${signal}` : `exit code ${code}`, this.stderr) };
    const result = this.finalResult ?? readResultFile(resultFile);
    if (result === null) return { kind: 'failed', reason: withTail(`exited 0 without a value (print 'baytune: {"value": x}' or 'baytune: {"values": {"name": x, ...}}', or write either to ${resultFile})`, this.stderr) };
    return { kind: 'value', ...result };
  }
}

/**
 * Runs the program (no shell) with the params as BAYTUNE_PARAMS (JSON), BAYTUNE_PARAMS_FILE and a
 * BAYTUNE_RESULT_FILE to write `{"value": x}` or `{"values": {...}}` to. Reads
 * `baytune: {"step": s, "value": v}` and `baytune: {"value": v}` / `{"values": {...}}` lines from stdout. Stops the program (SIGTERM, then SIGKILL after the
 * grace) on a prune decision, on timeout and on abort. A non-zero exit, a timeout, a malformed
 * baytune line or a clean exit without a value is a failure with the stderr tail.
 */
export function runProgram(run: ProgramRun): Promise<ProgramOutcome> {
  const { paramsFile, resultFile } = prepareFiles(run);
  const env = { ...process.env, ...run.env, BAYTUNE_PARAMS: JSON.stringify(run.params), BAYTUNE_PARAMS_FILE: paramsFile, BAYTUNE_RESULT_FILE: resultFile };
  const child = spawn(run.command[0] as string, run.command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
  const session = new ProgramSession(child, run.killGraceSeconds);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => session.stderr.push(chunk));
  createInterface({ input: child.stdout }).on('line', (line) => session.onLine(line, run));
  const timeout = run.timeoutSeconds === undefined ? undefined : setTimeout(() => session.stop({ kind: 'failed', reason: `timed out after ${run.timeoutSeconds} s` }), run.timeoutSeconds * 1000);
  const onAbort = (): void => session.stop({ kind: 'failed', reason: 'interrupted' });
  run.signal.addEventListener('abort', onAbort);
  if (run.signal.aborted) onAbort();
  return new Promise((resolve) => {
    child.on('error', (error) => session.stop({ kind: 'failed', reason: `cannot start ${run.command[0]}: ${error.message}` }));
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      session.clearKillTimer();
      run.signal.removeEventListener('abort', onAbort);
      void session.reports.then(() => resolve(session.outcome(code, signal, resultFile)));
    });
  });
}

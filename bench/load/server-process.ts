import { Client } from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The compiled CLI next to this compiled file (dist/bench/load -> dist/src/cli/main.js). */
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.js');

/** The PostgreSQL database the benchmark's PostgreSQL phases use, each in a fresh schema it drops afterwards. */
export const BENCH_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * An open admin connection to BENCH_POSTGRES for the PostgreSQL phases named `phases`, or null,
 * having printed why, when `skip` (`--postgres skip`) or when the database is unreachable.
 */
export async function benchPostgresAdmin(phases: string, skip: boolean): Promise<Client | null> {
  if (skip) {
    console.log(`${phases} skipped (--postgres skip)`);
    return null;
  }
  const admin = new Client({ connectionString: BENCH_POSTGRES });
  try {
    await admin.connect();
    return admin;
  } catch (error) {
    console.log(`${phases} skipped: ${BENCH_POSTGRES} unreachable (${(error as Error).message})`);
    return null;
  }
}

/** A `baytune serve` process for the benchmark. */
export interface BenchServer {
  url: string;
  child: ChildProcess;
  /** Resident set size now, in MB (VmRSS of /proc/<pid>/status). */
  rssMb(): number;
  /** Peak resident set size so far, in MB (VmHWM). */
  peakRssMb(): number;
  /** Process CPU seconds so far (user + system), from /proc/<pid>/stat. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds (user + system) of every process named `postgres` on this machine so far, from
 * /proc: the database's share of a PostgreSQL phase, other sessions' queries included.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/**
 * Starts `node [nodeArgs] dist/src/cli/main.js serve --port 0 --db <db>` and resolves with its URL
 * once it logs `baytune listening on` (log level info unless `env` says otherwise; the output is
 * drained). `nodeArgs` are Node.js flags such as `--cpu-prof`.
 */
export function startBenchServer(db: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', '--port', '0', '--db', db], {
    env: { ...process.env, BAYTUNE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let head = '';
  let listening = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${head}`));
    }, 30_000);
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${head}`)));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (head += c));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (listening) return;
      head += chunk;
      const m = /baytune listening on (http:\/\/[^\s)]+)/.exec(head);
      if (!m) return;
      listening = true;
      clearTimeout(timer);
      const pid = child.pid as number;
      resolve({
        url: m[1] as string,
        child,
        rssMb: () => statusField(pid, 'VmRSS'),
        peakRssMb: () => statusField(pid, 'VmHWM'),
        cpuSeconds: () => cpuSeconds(pid),
        stop: () => new Promise((done) => {
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

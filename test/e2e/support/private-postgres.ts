import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/** A throw-away PostgreSQL cluster on its own port and data directory (the shared one stays untouched). */
export interface PrivatePostgres {
  /** postgres:// URL of its `postgres` database. */
  url: string;
  port: number;
  start(): void;
  /** `pg_ctl stop`: 'fast' is a clean shutdown; 'immediate' drops everything at once, as a crash does. */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Stops the cluster if running and deletes its data directory. */
  destroy(): void;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root). */
function pgRun(tool: string, args: string[], timeoutMs = 60_000): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];
  execFileSync(cmd, argv, { stdio: 'pipe', timeout: timeoutMs });
}

/**
 * initdb (trust auth) and start on a free port; unix sockets in the data directory.
 * NOTE: fsync=off only skips flushing to the disk; a killed or crashed PostgreSQL process still
 * finds every WAL record it wrote in the OS page cache, so crash tests keep their meaning.
 */
export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'baytune-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const data = join(dir, 'data');
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  let running = false;
  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () => {
      pgRun('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
      running = true;
    },
    stop: (mode = 'fast') => {
      pgRun('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    destroy: () => {
      if (running) pg.stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  pg.start();
  return pg;
}

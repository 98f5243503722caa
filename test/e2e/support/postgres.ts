import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The shared PostgreSQL of this machine (trust auth, database `test`). */
export const SHARED_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/** True when something accepts TCP connections at host:port within one second (checked synchronously). */
export function reachable(host: string, port: number): boolean {
  const probe = `require('net').connect(${port}, '${host}').on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(1000, () => process.exit(1))`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the PostgreSQL tests run: always when CI=true (an unreachable server then fails them
 * loudly), otherwise only when 127.0.0.1:5432 answers; a skip says so on stderr.
 */
export function postgresTestsEnabled(suite: string): boolean {
  if (process.env.CI === 'true') return true;
  if (reachable('127.0.0.1', 5432)) return true;
  process.stderr.write(`${suite}: skipped, no PostgreSQL at 127.0.0.1:5432 (set CI=true to make this a failure)\n`);
  return false;
}

/** A schema of its own on the shared server for one test file, dropped afterwards. */
export interface FreshSchema {
  /** The baytune location: the server URL with `?schema=<name>`. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Names a fresh schema (created by baytune on first open) and returns how to drop it. */
export function freshSchema(server: string = SHARED_POSTGRES): FreshSchema {
  const name = `bt_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    url: `${server}?schema=${name}`,
    name,
    drop: async () => {
      const client = new Client({ connectionString: server });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

import { spawnSync } from 'node:child_process';

/** The PostgreSQL tests use: BAYTUNE_TEST_DATABASE_URL, else the machine's server (database `test`, trust auth). */
export const TEST_POSTGRES_URL = process.env.BAYTUNE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const PROBE = `
const socket = require('node:net').connect(Number(process.argv[2]), process.argv[1]);
socket.setTimeout(2000, () => { console.error('timed out'); process.exit(1); });
socket.on('connect', () => process.exit(0));
socket.on('error', (e) => { console.error(e.code || e.message); process.exit(1); });`;

/**
 * Probes TEST_POSTGRES_URL's host and port synchronously (test files must decide at load time
 * whether to skip). Returns null when it answers, else why not, after printing that the tests are
 * skipped. With CI=true an unreachable server throws instead: CI must run the PostgreSQL tests.
 */
export function postgresSkipReason(): string | null {
  const url = new URL(TEST_POSTGRES_URL);
  const host = url.hostname || '127.0.0.1';
  const port = url.port || '5432';
  const probe = spawnSync(process.execPath, ['-e', PROBE, host, port], { timeout: 5000, encoding: 'utf8' });
  if (probe.status === 0) return null;
  const reason = `PostgreSQL at ${host}:${port} is not reachable (${(probe.stderr || 'no answer').trim()})`;
  if (process.env.CI === 'true') throw new Error(`CI=true requires PostgreSQL: ${reason}`);
  console.warn(`Skipping PostgreSQL tests: ${reason}. Start PostgreSQL or set BAYTUNE_TEST_DATABASE_URL to run them.`);
  return reason;
}

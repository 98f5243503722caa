import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { DomainError } from '../domain/errors';

/** How to reach PostgreSQL. */
export interface PostgresOptions {
  /**
   * Schema holding baytune's tables (created when missing); also read from the URL's `?schema=`.
   * Lower-case letters, digits and underscores, starting with a letter or underscore. Default `public`.
   */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Milliseconds to wait for a connection before answering storage_unavailable (default 5000). */
  connectTimeoutMs?: number;
  /** application_name of the connections, as pg_stat_activity shows it (default `baytune`). */
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A URL with the baytune-only `schema` parameter taken out, and the schema it named. */
export interface PostgresLocation {
  connectionString: string;
  schema: string;
}

/** Splits a postgres:// URL into the driver's connection string and baytune's schema name. */
export function parsePostgresLocation(url: string, options: PostgresOptions = {}): PostgresLocation {
  const parsed = new URL(url);
  const schema = options.schema ?? parsed.searchParams.get('schema') ?? 'public';
  parsed.searchParams.delete('schema');
  if (!SCHEMA_NAME.test(schema)) {
    throw new DomainError('invalid_request', `schema "${schema}" must match ${SCHEMA_NAME.source}`, 'schema');
  }
  return { connectionString: parsed.toString(), schema };
}

/** A URL safe to show in messages (password removed). */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/** Creates the pool; every connection's search_path is the location's schema. */
export function createPool(location: PostgresLocation, options: PostgresOptions = {}): Pool {
  const config: PoolConfig = {
    connectionString: location.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    options: `-c search_path=${location.schema}`,
    application_name: options.applicationName ?? 'baytune',
  };
  const pool = new Pool(config);
  // NOTE: an idle connection dropped by the server (restart, failover) is reported here; the pool
  // discards it and opens a fresh one for the next query, so there is nothing more to do.
  pool.on('error', () => undefined);
  return pool;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error|Cannot use a pool after calling end|Client was closed/i;

/** True when the error means the database cannot be reached (not that the request is wrong). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

/**
 * Connection failures -> DomainError('storage_unavailable'); text PostgreSQL cannot store (a NUL
 * character, 22021) -> DomainError('invalid_request'); anything else unchanged.
 */
export function mapPostgresError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if ((error as { code?: unknown }).code === '22021') {
    return new DomainError('invalid_request', `text PostgreSQL cannot store (NUL character?): ${(error as Error).message}`);
  }
  if (!isConnectionError(error)) return error;
  return new DomainError('storage_unavailable', `PostgreSQL unavailable: ${(error as Error).message}`);
}

/**
 * Errors after which the whole transaction is run again: serialization failures (40001),
 * deadlocks (40P01) and a concurrent first use of one idempotency key (it is a replay on retry).
 */
function isRetryable(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '40001' || code === '40P01' || (code === '23505' && constraint === 'ask_requests_key');
}

const MAX_ATTEMPTS = 8;

/** NOTE: full jitter on an exponential base (2, 4, 8 ... ms, capped at 200) spreads colliding retries apart. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(200, 2 ** (attempt + 1));
}

/** Takes a client from the pool, mapping a failure to connect to storage_unavailable. */
export async function connectClient(pool: Pool): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw mapPostgresError(error);
  }
}

/**
 * Runs `run` (one transaction or one autocommit statement) again with jittered backoff while it
 * fails with a serialization failure, a deadlock or an idempotency-key race, at most MAX_ATTEMPTS
 * times; the final error is mapped by mapPostgresError.
 */
export async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw mapPostgresError(error);
      await sleep(backoffMs(attempt));
    }
  }
}

/** One READ COMMITTED transaction on one pooled client; a broken connection is discarded, not reused. */
async function transactionOnce<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await connectClient(pool);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (isConnectionError(error)) broken = error as Error;
    else await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs `work` in a READ COMMITTED transaction, re-running the whole transaction as withRetries
 * says. `work` must be safe to re-run: it sees nothing of the failed attempt.
 */
export function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withRetries(() => transactionOnce(pool, work));
}

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Server settings, from flags first, then environment variables, then defaults. */
export interface ServerConfig {
  /** Interface to bind; 127.0.0.1 by default so nothing is exposed unless asked. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Storage location: a SQLite file path, `:memory:`, or a postgres:// URL. */
  database: string;
  /** Bearer tokens accepted on /api; empty = no authentication (only when no token source is configured). */
  tokens: string[];
  /** Milliseconds one ask may spend in its sampler before falling back to a cheaper one. */
  askDeadlineMs: number;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Milliseconds between two sweeps for expired trial leases. */
  reapIntervalMs: number;
  /** Milliseconds an ask's (client_id, request_key) is remembered for idempotent retries. */
  askKeyRetentionMs: number;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Worker threads that run model-based samplers and GET /model fits (default: one per core). */
  samplerThreads: number;
}

/** Raw option values as commander or a caller gives them (all optional strings or numbers). */
export interface ConfigOverrides {
  host?: string;
  port?: string | number;
  db?: string;
  token?: string;
  tokensFile?: string;
  askDeadline?: string | number;
  logLevel?: string;
  samplerThreads?: string | number;
}

/**
 * Resolves the configuration. Environment: BAYTUNE_HOST, BAYTUNE_PORT, BAYTUNE_DATABASE_URL (or
 * BAYTUNE_DB), BAYTUNE_TOKEN, BAYTUNE_TOKENS_FILE (one token a line), BAYTUNE_ASK_DEADLINE_SECONDS,
 * BAYTUNE_BODY_LIMIT_BYTES, BAYTUNE_REAP_INTERVAL_SECONDS, BAYTUNE_ASK_KEY_RETENTION_SECONDS,
 * BAYTUNE_LOG_LEVEL, BAYTUNE_SAMPLER_THREADS.
 * Throws an Error naming the setting when a value is unusable.
 */
export function resolveConfig(flags: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const tokens = configuredTokens(flags, env);
  return {
    host: flags.host ?? env.BAYTUNE_HOST ?? '127.0.0.1',
    port: integer('port', flags.port ?? env.BAYTUNE_PORT ?? 8080, 0, 65535),
    database: flags.db ?? env.BAYTUNE_DATABASE_URL ?? env.BAYTUNE_DB ?? './baytune.db',
    tokens,
    askDeadlineMs: 1000 * positive('ask deadline', flags.askDeadline ?? env.BAYTUNE_ASK_DEADLINE_SECONDS ?? 2),
    bodyLimitBytes: integer('body limit', env.BAYTUNE_BODY_LIMIT_BYTES ?? 1024 * 1024, 1024, 1024 * 1024 * 1024),
    reapIntervalMs: 1000 * positive('reap interval', env.BAYTUNE_REAP_INTERVAL_SECONDS ?? 5),
    askKeyRetentionMs: 1000 * positive('ask key retention', env.BAYTUNE_ASK_KEY_RETENTION_SECONDS ?? 86_400),
    logLevel: flags.logLevel ?? env.BAYTUNE_LOG_LEVEL ?? 'info',
    samplerThreads: integer('sampler threads', flags.samplerThreads ?? env.BAYTUNE_SAMPLER_THREADS ?? Math.max(1, availableParallelism()), 1, 256),
  };
}

/**
 * The accepted tokens: --token (else BAYTUNE_TOKEN), plus one per line of --tokens-file (else
 * BAYTUNE_TOKENS_FILE; blank lines and `#` comments skipped). P8: a source that is configured but
 * yields no token (an empty --token or BAYTUNE_TOKEN, a tokens file with none, an unreadable file)
 * throws, so a server never starts open by mistake; with no source at all, the server is open.
 */
function configuredTokens(flags: ConfigOverrides, env: NodeJS.ProcessEnv): string[] {
  const tokens: string[] = [];
  const single = flags.token ?? env.BAYTUNE_TOKEN;
  if (single !== undefined) {
    if (single.trim().length === 0) {
      throw new Error(flags.token !== undefined ? '--token is empty: give a token, or leave --token out to run without authentication' : 'BAYTUNE_TOKEN is set but empty: give it a token, or unset it to run without authentication');
    }
    tokens.push(single.trim());
  }
  const file = flags.tokensFile ?? env.BAYTUNE_TOKENS_FILE;
  if (file !== undefined) tokens.push(...readTokens(file));
  return tokens;
}

function readTokens(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read tokens file ${path}: ${(error as Error).message}`);
  }
  const tokens = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith('#'));
  if (tokens.length === 0) throw new Error(`tokens file ${path} holds no token (only blank lines and # comments): add one token a line, or leave the file out to run without authentication`);
  return tokens;
}

function integer(name: string, raw: string | number, min: number, max: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got ${String(raw)}`);
  return v;
}

function positive(name: string, raw: string | number): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number of seconds, got ${String(raw)}`);
  return v;
}

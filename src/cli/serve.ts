import type { Command } from 'commander';
import { resolveConfig, type ConfigOverrides } from '../infra/config';
import { createLogger } from '../infra/logger';
import { startServer } from '../main';

/**
 * `baytune serve`: runs the service until SIGTERM or SIGINT, then drains: new connections are
 * refused, in-flight requests finish (up to --grace seconds), the database is closed, exit 0.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP service (SQLite in ./baytune.db by default) with its dashboard at /dashboard')
    .option('--host <host>', 'interface to bind (env BAYTUNE_HOST; default 127.0.0.1, local only)')
    .option('--port <port>', 'TCP port, 0 for any free one (env BAYTUNE_PORT; default 8080)')
    .option('--db <location>', 'SQLite file, :memory: or postgres://... URL (env BAYTUNE_DATABASE_URL; default ./baytune.db)')
    .option('--token <token>', 'require this bearer token on /api (visible in ps: prefer env BAYTUNE_TOKEN or --tokens-file)')
    .option('--tokens-file <path>', 'file with one accepted token a line, # comments (env BAYTUNE_TOKENS_FILE); one with no token refuses to start')
    .option('--ask-deadline <seconds>', 'seconds an ask may spend before a cheaper sampler answers (default 2)')
    .option('--sampler-threads <n>', 'worker threads for model-based samplers and GET /model (env BAYTUNE_SAMPLER_THREADS; default one per core)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or silent (default info)')
    .option('--grace <seconds>', 'seconds in-flight requests get on shutdown', '10')
    .action(async (opts: ConfigOverrides & { grace: string }) => {
      const config = resolveConfig(opts);
      const logger = createLogger(config.logLevel);
      if (opts.token !== undefined) logger.warn('--token is visible to every user of this machine in ps; prefer BAYTUNE_TOKEN or --tokens-file');
      const server = await startServer(config, logger);
      logger.info(
        { url: server.url, database: redactUrl(config.database), auth: config.tokens.length > 0 ? 'bearer token' : 'none' },
        `baytune listening on ${server.url} (dashboard: ${server.url}/dashboard)${config.host === '127.0.0.1' ? '; bound to 127.0.0.1 only, use --host 0.0.0.0 to expose it' : ''}`,
      );
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down: draining in-flight requests');
        server.close(Number(opts.grace) * 1000).then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}

/** Hides a password in a postgres URL before it is logged. */
function redactUrl(location: string): string {
  return location.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

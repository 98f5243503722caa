import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout. Authorization headers and tokens are redacted wherever
 * they appear in a logged object.
 * NOTE: stdout is written asynchronously (sonic-boom, sync: false): a line written while the
 * previous write is still under way joins the next write, so under load many request lines go out
 * in one system call instead of one each (bench:load on SQLite: about 1,000 writes for 12,000
 * request lines). An idle server still writes each line at once; pino flushes what is buffered
 * when the process exits, and only a kill -9 can lose the lines of the last write in flight.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'baytune' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', 'config.tokens'],
      censor: '[redacted]',
    },
  }, pino.destination({ dest: 1, sync: false }));
}

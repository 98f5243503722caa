import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { BaytuneError } from '../client/baytune-error';
import { HttpStudyClient } from '../client/http-client';

/** Where client commands write; tests pass their own to capture output. */
export interface CliIo {
  out(text: string): void;
  /** True when stdout is a terminal: progress bars and colours only then. */
  isTTY: boolean;
}

/** The process's stdout. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  get isTTY() {
    return process.stdout.isTTY === true;
  },
};

/** Options every client command takes. */
export interface ConnectionOptions {
  url: string;
  token?: string;
  json?: boolean;
}

/** Adds --url, --token and --json to a client command. */
export function withConnection(command: Command): Command {
  return command
    .option('--url <url>', 'baytune server (env BAYTUNE_URL)', process.env.BAYTUNE_URL ?? 'http://127.0.0.1:8080')
    .option('--token <token>', 'bearer token (env BAYTUNE_TOKEN)', process.env.BAYTUNE_TOKEN)
    .option('--json', 'print JSON for scripts instead of a table');
}

/** A client command on one study: `baytune NAME <study> ...` with --url, --token and --json. */
export function studyCommand(program: Command, name: string, description: string): Command {
  return withConnection(program.command(name).description(description)).argument('<study>', 'study id or name');
}

/**
 * Runs `work` with a client for the options, turning a BaytuneError into an Error whose message
 * names the problem code and field (the CLI prints it and exits 1).
 */
export async function withClient<T>(options: ConnectionOptions, work: (client: HttpStudyClient) => Promise<T>): Promise<T> {
  const client = new HttpStudyClient({ url: options.url, token: options.token || undefined, retries: 2 });
  try {
    return await work(client);
  } catch (error) {
    if (!(error instanceof BaytuneError)) throw error;
    throw new Error(`${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ''}`);
  } finally {
    await client.close();
  }
}

/** Pretty JSON with a trailing newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Left-aligned columns separated by two spaces; every row as long as the header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** A number for people: 6 significant digits, '-' for null. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : String(Number(value.toPrecision(6)));
}

/** Progress of a long command; a cli-progress bar on a terminal, silent otherwise. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

export function progress(io: CliIo, label: string, total: number): Progress {
  if (!io.isTTY || total <= 0) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} {bar} {value}/{total}`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(Math.min(done, total)), stop: () => bar.stop() };
}

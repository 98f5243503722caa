import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { HttpStudyClient } from '../client/http-client';
import { processIo, progress, withClient, studyCommand, type CliIo, type ConnectionOptions, type Progress } from './output';

/** What to download: the format, optionally only some states, and a file instead of stdout. */
export interface ExportOptions {
  format: 'csv' | 'json';
  /** Comma-separated trial states; all when absent. */
  state?: string;
  output?: string;
}

/**
 * Counts exported trials in the streamed text, for the progress bar only. NOTE: CSV counts line
 * ends after the header; JSON counts `{"id":` openings after the study's own. A line break inside a
 * quoted field or an `id` key inside user_attrs overcounts; the bar clamps at the trial total.
 */
function trialCounter(format: 'csv' | 'json'): (chunk: string) => number {
  let seen = 0;
  const marker = format === 'csv' ? '\r\n' : '{"id":';
  return (chunk) => {
    seen += chunk.split(marker).length - 1;
    return Math.max(0, seen - 1);
  };
}

/** Streams `GET /export` of a study to `options.output` or `io`, advancing `bar` per trial seen. */
export async function download(client: HttpStudyClient, studyId: string, options: ExportOptions, io: CliIo, bar: Progress = NO_PROGRESS): Promise<void> {
  const response = await client.fetchRaw(`/api/v1/studies/${encodeURIComponent(studyId)}/export`, { format: options.format, state: options.state });
  const file = options.output ? createWriteStream(options.output) : null;
  const count = trialCounter(options.format);
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    if (file) {
      if (!file.write(chunk)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
    } else io.out(text);
    bar.update(count(text));
  }
  if (file) await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };

/**
 * The output format of a command with `--format` and the shared `--json` flag: `--json` means
 * json; given together with an explicit other `--format` it is an error, never silently ignored.
 */
export function chosenFormat<F extends string>(command: Command, allowed: readonly F[]): F {
  const options = command.opts<{ format: string; json?: boolean }>();
  const explicit = command.getOptionValueSource('format') === 'cli';
  if (options.json && explicit && options.format !== 'json') throw new Error(`--json and --format ${options.format} disagree; give one of them`);
  const format = options.json ? 'json' : options.format;
  if (!allowed.includes(format as F)) throw new Error(`--format must be one of ${allowed.join(', ')}, got ${format}`);
  return format as F;
}

/** `baytune export STUDY --format csv|json [--state S] [-o file]`: the study's trials, streamed from the server. */
export function registerExportCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'export', 'export a study and its trials as CSV or JSON')
    .option('--format <format>', 'csv or json (--json is the same as --format json)', 'csv')
    .option('--state <states>', 'only trials in these states, comma-separated (COMPLETE,PRUNED)')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action((studyId: string, flags: ExportOptions & ConnectionOptions, command: Command) => {
      const options = { ...flags, format: chosenFormat(command, ['csv', 'json'] as const) };
      return withClient(options, async (client) => {
        const study = await client.getStudy(studyId);
        const total = Object.values(study.trial_counts).reduce((a, b) => a + b, 0);
        const bar = options.output ? progress(io, `exporting ${study.name}`, total) : progress({ ...io, isTTY: false }, '', 0);
        try {
          await download(client, studyId, options, io, bar);
        } finally {
          bar.stop();
        }
        if (options.output) io.out(`wrote study ${study.name} (${total} trials when the export began) to ${options.output}\n`);
      });
    });
}

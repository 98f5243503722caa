import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { HttpStudyClient } from '../client/http-client';
import { processIo, progress, withClient, withConnection, type CliIo, type ConnectionOptions, type Progress } from './output';

interface ExportOptions extends ConnectionOptions {
  format: 'csv' | 'json';
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

async function download(client: HttpStudyClient, studyId: string, options: ExportOptions, io: CliIo, bar: Progress): Promise<void> {
  const response = await client.fetchRaw(`/api/v1/studies/${encodeURIComponent(studyId)}/export`, { format: options.format });
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

/** `baytune export STUDY --format csv|json [-o file]`: the study's trials, streamed from the server. */
export function registerExportCommand(program: Command, io: CliIo = processIo): void {
  withConnection(program.command('export').description('export a study and its trials as CSV or JSON'))
    .argument('<study>', 'study id')
    .option('--format <format>', 'csv or json', 'csv')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action((studyId: string, options: ExportOptions) => {
      if (options.format !== 'csv' && options.format !== 'json') throw new Error(`--format must be csv or json, got ${String(options.format)}`);
      return withClient(options, async (client) => {
        const study = await client.getStudy(studyId);
        const total = Object.values(study.trial_counts).reduce((a, b) => a + b, 0);
        const bar = options.output ? progress(io, `exporting ${study.name}`, total) : progress({ ...io, isTTY: false }, '', 0);
        try {
          await download(client, studyId, options, io, bar);
        } finally {
          bar.stop();
        }
        if (options.output && !options.json) io.out(`wrote study ${study.name} (${total} trials when the export began) to ${options.output}\n`);
      });
    });
}

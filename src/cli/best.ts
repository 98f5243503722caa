import type { Command } from 'commander';
import { formatNumber, json, processIo, withClient, studyCommand, type CliIo, type ConnectionOptions } from './output';

/** `baytune best STUDY`: the best COMPLETE trial (JSON null / a message while there is none). */
export function registerBestCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'best', 'show the best complete trial of a study')
    .action((studyId: string, options: ConnectionOptions) =>
      withClient(options, async (client) => {
        const best = await client.best(studyId);
        if (options.json) return io.out(json(best));
        if (!best) return io.out('no complete trial yet\n');
        const params = Object.entries(best.params).map(([k, v]) => `  ${k} = ${typeof v === 'number' ? formatNumber(v) : String(v)}`);
        io.out([`trial ${best.number} (${best.id}) value ${formatNumber(best.value)}`, ...params].join('\n') + '\n');
      }),
    );
}

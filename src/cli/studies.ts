import type { Command } from 'commander';
import type { ApiStudySummary } from '../api/types';
import { formatNumber, json, processIo, table, withClient, withConnection, type CliIo, type ConnectionOptions } from './output';

function row(s: ApiStudySummary): string[] {
  const c = s.trial_counts;
  const total = c.WAITING + c.RUNNING + c.COMPLETE + c.PRUNED + c.FAIL;
  // NOTE: a multi-objective study has no single direction (nor best value): the column says how many objectives.
  const direction = s.objectives.length > 1 ? `${s.objectives.length} objectives` : s.direction;
  return [s.id, s.name, direction, s.sampler.type, String(total), String(c.COMPLETE), String(c.RUNNING), formatNumber(s.best_value)];
}

/** `baytune studies`: every study with its trial counts and best value. */
export function registerStudiesCommand(program: Command, io: CliIo = processIo): void {
  withConnection(program.command('studies').description('list the studies on a server with trial counts and best values')).action(
    (options: ConnectionOptions) =>
      withClient(options, async (client) => {
        const studies = await client.listStudies();
        if (options.json) return io.out(json(studies));
        if (studies.length === 0) return io.out('no studies yet; create one with `baytune create`\n');
        io.out(table(['id', 'name', 'direction', 'sampler', 'trials', 'complete', 'running', 'best'], studies.map(row)));
      }),
  );
}

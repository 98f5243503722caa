import type { Command } from 'commander';
import { json, processIo, table, withClient, studyCommand, type CliIo, type ConnectionOptions } from './output';

interface AskOptions extends ConnectionOptions {
  count: string;
  clientId?: string;
}

/** `baytune ask STUDY [--count N] [--client-id ID]`: trials to evaluate, each now RUNNING. */
export function registerAskCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'ask', 'get trials to evaluate (queued ones first, then suggestions)')
    .option('--count <n>', 'how many trials (1-64)', '1')
    .option('--client-id <id>', 'worker id; makes the ask safe to retry')
    .action((studyId: string, options: AskOptions) => {
      const count = Number(options.count);
      if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${options.count}`);
      return withClient(options, async (client) => {
        const trials = await client.ask(studyId, { count, ...(options.clientId ? { client_id: options.clientId } : {}) });
        if (options.json) return io.out(json(trials));
        io.out(table(['number', 'trial id', 'params'], trials.map((t) => [String(t.number), t.id, JSON.stringify(t.params)])));
      });
    });
}

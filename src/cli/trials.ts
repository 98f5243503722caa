import type { Command } from 'commander';
import type { ApiTrial } from '../api/types';
import { allTrials } from '../client/all-trials';
import { chosenFormat, download } from './export';
import { formatNumber, json, processIo, table, withClient, studyCommand, type CliIo, type ConnectionOptions } from './output';

const STATES = ['WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL'] as const;
type State = (typeof STATES)[number];

/** `--state COMPLETE,PRUNED` as a list of states; throws naming the first unknown one. */
export function parseStates(raw: string | undefined): State[] | undefined {
  if (raw === undefined) return undefined;
  const states = raw.split(',').map((s) => s.trim().toUpperCase());
  const bad = states.find((s) => !STATES.includes(s as State));
  if (bad !== undefined) throw new Error(`--state: "${bad}" is not one of ${STATES.join(', ')}`);
  return states as State[];
}

function paramText(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

/** One table row per trial: number, state, value, duration, params as name=value. */
export function trialsTable(trials: ApiTrial[]): string {
  if (trials.length === 0) return 'no trials\n';
  return table(
    ['number', 'state', 'value', 'duration_s', 'params'],
    trials.map((t) => [
      String(t.number), t.state, formatNumber(t.value), formatNumber(t.duration_seconds),
      Object.entries(t.params).map(([k, v]) => `${k}=${paramText(v)}`).join(' '),
    ]),
  );
}

interface TrialsOptions extends ConnectionOptions {
  state?: string;
  format: string;
}

/** `baytune trials STUDY [--state S,...] [--format table|json|csv]`: the study's trials, in number order. */
function registerTrials(program: Command, io: CliIo): void {
  studyCommand(program, 'trials', "list a study's trials (like optuna trials)")
    .option('--state <states>', 'only these states, comma-separated: WAITING,RUNNING,COMPLETE,PRUNED,FAIL')
    .option('--format <format>', 'table, json or csv (--json is the same as --format json)', 'table')
    .action((studyId: string, options: TrialsOptions, command: Command) => {
      const format = chosenFormat(command, ['table', 'json', 'csv'] as const);
      const state = parseStates(options.state);
      return withClient(options, async (client) => {
        if (format === 'csv') return download(client, studyId, { format: 'csv', state: state?.join(',') }, io);
        const trials: ApiTrial[] = [];
        for await (const t of allTrials(client, studyId, { state })) trials.push(t);
        io.out(format === 'json' ? json(trials) : trialsTable(trials));
      });
    });
}

/**
 * `baytune best-trials STUDY`: the trials on the best front. With one objective that is every
 * COMPLETE trial whose value equals the best value (usually one); the Pareto front once studies
 * have several objectives.
 */
function registerBestTrials(program: Command, io: CliIo): void {
  studyCommand(program, 'best-trials', 'the best trials of a study (all COMPLETE trials tied at the best value)')
    .action((studyId: string, options: ConnectionOptions) =>
      withClient(options, async (client) => {
        const best = await client.best(studyId);
        const front: ApiTrial[] = [];
        if (best) for await (const t of allTrials(client, studyId, { state: ['COMPLETE'] })) if (t.value === best.value) front.push(t);
        io.out(options.json ? json(front) : front.length === 0 ? 'no complete trial yet\n' : trialsTable(front));
      }),
    );
}

/** Registers `trials` and `best-trials`. */
export function registerTrialsCommands(program: Command, io: CliIo = processIo): void {
  registerTrials(program, io);
  registerBestTrials(program, io);
}

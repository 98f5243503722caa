import type { Command } from 'commander';
import type { ApiTrial } from '../api/types';
import { allTrials } from '../client/all-trials';
import { own } from '../domain/space';
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

/**
 * Names of the metrics the trials carry beyond the plain single objective `value`, in first-seen
 * order (the study's objectives, then its constraints); empty for a plain single-objective study.
 */
export function namedMetrics(trials: readonly ApiTrial[]): string[] {
  const names = new Set<string>();
  for (const t of trials) for (const name of Object.keys(t.values ?? {})) names.add(name);
  return names.size === 0 || (names.size === 1 && names.has('value')) ? [] : [...names];
}

function feasibleText(feasible: boolean | null | undefined): string {
  return feasible === null || feasible === undefined ? '-' : feasible ? 'yes' : 'no';
}

/**
 * One table row per trial: number, state, value, duration, params as name=value. Trials with named
 * metrics (several objectives, or constraints) get one column per metric and `feasible` instead of value.
 */
export function trialsTable(trials: ApiTrial[]): string {
  if (trials.length === 0) return 'no trials\n';
  const metrics = namedMetrics(trials);
  const valueHeader = metrics.length === 0 ? ['value'] : [...metrics, 'feasible'];
  const valueCells = (t: ApiTrial): string[] => (metrics.length === 0 ? [formatNumber(t.value)] : [...metrics.map((m) => formatNumber(own(t.values ?? {}, m))), feasibleText(t.feasible)]);
  return table(
    ['number', 'state', ...valueHeader, 'duration_s', 'params'],
    trials.map((t) => [
      String(t.number), t.state, ...valueCells(t), formatNumber(t.duration_seconds),
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
 * `baytune pareto STUDY` (alias `best-trials`, Optuna's name): the feasible non-dominated COMPLETE
 * trials in number order; with one objective, every feasible COMPLETE trial tied at the best value.
 */
function registerPareto(program: Command, io: CliIo): void {
  studyCommand(program, 'pareto', 'the Pareto front: feasible COMPLETE trials no other trial beats on every objective (one objective: the best trials)')
    .alias('best-trials')
    .action((studyId: string, options: ConnectionOptions) =>
      withClient(options, async (client) => {
        const front = await client.pareto(studyId);
        io.out(options.json ? json(front) : front.length === 0 ? 'no feasible complete trial yet\n' : trialsTable(front));
      }),
    );
}

/** Registers `trials` and `pareto` (alias `best-trials`). */
export function registerTrialsCommands(program: Command, io: CliIo = processIo): void {
  registerTrials(program, io);
  registerPareto(program, io);
}

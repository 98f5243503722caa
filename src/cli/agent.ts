import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { HttpStudyClient } from '../client/http-client';
import { runAgent } from './agent-loop';
import { positiveInt } from './run';

/** Raw options of `baytune agent`. */
interface AgentFlags {
  study: string;
  url: string;
  token?: string;
  trials: string;
  timeout?: string;
  killGrace: string;
  workDir: string;
}

function positiveNumber(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number of seconds (got "${raw}")`);
  return n;
}

async function agent(command: string[], flags: AgentFlags): Promise<void> {
  if (command.length === 0) throw new Error('give the program after --, e.g. baytune agent --study ID --url URL -- python3 train.py --lr {lr}');
  const clientId = `agent-${os.hostname()}-${process.pid}`;
  const client = new HttpStudyClient({ url: flags.url, token: flags.token ?? process.env.BAYTUNE_TOKEN, clientId });
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    console.error('baytune agent: interrupted; stopping the program and telling its trial FAIL (interrupted)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const outcomes = await runAgent({
      client, studyId: flags.study, command, clientId,
      trials: positiveInt(flags.trials, '--trials'),
      ...(flags.timeout ? { timeoutSeconds: positiveNumber(flags.timeout, '--timeout') } : {}),
      killGraceSeconds: positiveNumber(flags.killGrace, '--kill-grace'),
      workDir: path.resolve(flags.workDir),
      signal: controller.signal,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    if (controller.signal.aborted) process.exitCode = 130;
    else if (outcomes.some((o) => o.fatal)) process.exitCode = 1;
    process.stdout.write(`baytune agent: ${outcomes.length} trials (${['COMPLETE', 'PRUNED', 'FAIL'].map((s) => `${outcomes.filter((o) => o.state === s).length} ${s}`).join(', ')})\n`);
  } finally {
    process.off('SIGINT', onSigint);
    await client.close();
  }
}

/** Registers `baytune agent`: runs any program as a worker of a study on a server. */
export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run an external program as a worker: params as {name} placeholders, BAYTUNE_PARAMS JSON and BAYTUNE_PARAMS_FILE; values from "baytune: {...}" stdout lines or BAYTUNE_RESULT_FILE')
    .requiredOption('--study <study>', 'the study id or name')
    .option('--url <url>', 'the baytune server (env BAYTUNE_URL)', process.env.BAYTUNE_URL ?? 'http://127.0.0.1:8080')
    .option('--token <token>', 'bearer token (env BAYTUNE_TOKEN)')
    .option('--trials <n>', 'trials to run', '10')
    .option('--timeout <seconds>', 'seconds a trial may take before it is killed and failed')
    .option('--kill-grace <seconds>', 'seconds between SIGTERM and SIGKILL', '5')
    .option('--work-dir <dir>', 'where each trial gets its params and result files', '.baytune/agent')
    .argument('<command...>', 'the program and its arguments, after --')
    .action(agent);
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Command } from 'commander';
import { HttpStudyClient } from '../client/http-client';
import type { StudyClient } from '../client/study-client';
import { openStudies } from '../open-studies';
import { TFJS_BACKENDS } from '../trainer/trainer';
import { trainerOptionsFrom } from './trainer-options';
import { loadTrainer } from '../trainer/load-trainer';
import { applySpaceOverrides } from '../trainer/space-override';
import { collect, parseConstraintFlags, parseObjectiveFlags } from './objective-flags';
import { createDisplay, summaryTable } from './run-output';
import { runStudy } from './run-study';
import { workerTrainers } from './worker-trainers';

/** Raw options of `baytune run` as commander hands them over. */
interface RunFlags {
  trainer: string;
  trials: string;
  workers: string;
  study?: string;
  sampler?: string;
  pruner?: string;
  space?: string;
  url?: string;
  token?: string;
  db: string;
  weights: string;
  seed: string;
  lease: string;
  backend?: string;
  objective: string[];
  constraint: string[];
}

/** A positive integer flag, or an Error naming the flag. */
export function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer (got "${raw}")`);
  return n;
}

/** `gp` -> {type: "gp"}; a JSON object is taken as is (for options: '{"type":"median","n_warmup_steps":2}'). */
export function typeOrJson(raw: string, flag: string): { type: string; [key: string]: unknown } {
  if (!raw.trim().startsWith('{')) return { type: raw };
  try {
    return JSON.parse(raw) as { type: string };
  } catch (error) {
    throw new Error(`${flag} is neither a type name nor valid JSON: ${(error as Error).message}`);
  }
}

function readOverrides(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`--space ${file}: ${(error as Error).message}`);
  }
}

function openClient(flags: RunFlags): Promise<StudyClient> {
  if (!flags.url) return openStudies({ storage: flags.db });
  return Promise.resolve(new HttpStudyClient({ url: flags.url, token: flags.token ?? process.env.BAYTUNE_TOKEN, clientId: `${os.hostname()}-${process.pid}` }));
}

/** Stops asking on the first SIGINT (running trials end as FAIL 'interrupted'); exits on the second. */
function interruptOnSigint(log: (m: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    log('interrupted: stopping; running trials are told FAIL (interrupted). Press Ctrl-C again to quit at once.');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

async function run(flags: RunFlags): Promise<void> {
  const trials = positiveInt(flags.trials, '--trials');
  const workers = positiveInt(flags.workers, '--workers');
  const objectives = parseObjectiveFlags(flags.objective);
  const constraints = parseConstraintFlags(flags.constraint);
  const options = trainerOptionsFrom(flags.backend);
  const trainer = loadTrainer(flags.trainer, options);
  const space = flags.space ? applySpaceOverrides(trainer.space, readOverrides(flags.space)) : trainer.space;
  const client = await openClient(flags);
  const trainers = workerTrainers(flags.trainer, trainer, workers, options);
  const terminal = { write: (text: string) => void process.stdout.write(text), columns: () => process.stdout.columns || 80 };
  const display = createDisplay(trials, process.stdout.isTTY === true, terminal);
  const interrupt = interruptOnSigint(display.log);
  try {
    const summary = await runStudy({
      client, trainer, space, trials, workers,
      trainerFor: trainers.forWorker,
      studyName: flags.study ?? `${trainer.name}-study`,
      ...(flags.sampler ? { sampler: typeOrJson(flags.sampler, '--sampler') } : {}),
      ...(flags.pruner ? { pruner: typeOrJson(flags.pruner, '--pruner') } : {}),
      objectives, constraints,
      weightsRoot: flags.weights,
      baseSeed: Number(flags.seed) >>> 0,
      leaseSeconds: positiveInt(flags.lease, '--lease'),
      signal: interrupt.signal,
      logger: { info: display.log, warn: display.log },
      onTrialDone: display.trialDone,
    });
    display.stop();
    process.stdout.write(`${summaryTable(summary, trainers.backend())}\n`);
    if (summary.interrupted) process.exitCode = 130;
  } finally {
    display.stop();
    interrupt.dispose();
    await trainers.close();
    await client.close();
  }
}

/** Registers `baytune run`: tunes a trainer (bundled, file or npm package) against a study. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('tune a trainer: ask, train, report every epoch, tell; in-process on a SQLite file or against --url')
    .requiredOption('--trainer <name|path|package>', 'bundled trainer (mlp, cnn, regression, darts), a file path or an npm package')
    .option('--trials <n>', 'trials this run adds', '20')
    .option('--workers <n>', 'concurrent worker loops in this process, each training on its own thread (CPU core)', '1')
    .option('--study <name>', 'study name: resumed when it exists (default <trainer>-study)')
    .option('--sampler <type|json>', 'sampler for a new study, e.g. gp or \'{"type":"tpe","seed":1}\'')
    .option('--pruner <type|json>', 'pruner for a new study, e.g. \'{"type":"median","n_warmup_steps":2}\'')
    .option('--space <file>', 'JSON file narrowing parameters of the trainer\'s space')
    .option('--objective <metric:direction>', 'an objective of a new study by metric name (value = what the trainer returns, else one of its metrics), e.g. val_loss:minimize; repeat for several', collect, [])
    .option('--constraint <metric<=max|metric>=min>', 'an outcome constraint of a new study on a trainer metric, e.g. train_seconds<=30 (repeatable)', collect, [])
    .option('--url <url>', 'a running baytune server; without it the study lives in --db in this process')
    .option('--token <token>', 'bearer token for --url (env BAYTUNE_TOKEN)')
    .option('--db <location>', 'in-process study storage: SQLite file, memory or postgres:// URL', './baytune.db')
    .option('--weights <dir>', 'where trials save weights: <dir>/<study id>/<trial number>/', '.baytune/weights')
    .option('--seed <n>', 'base seed of the trials\' training', '0')
    .option('--lease <seconds>', 'lease of a new study\'s trials (heartbeats renew it)', '600')
    .option('--backend <name>', `TF.js backend: auto, ${TFJS_BACKENDS.join(', ')} (env BAYTUNE_TFJS_BACKEND)`)
    .action(run);
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import type { Params, SearchSpace } from '../domain/space';
import { loadTrainer } from '../trainer/load-trainer';
import { TFJS_BACKENDS } from '../trainer/trainer';
import { processIo, type CliIo } from './output';
import { trainerOptionsFrom } from './trainer-options';

interface TrainFlags {
  params: string;
  seed: string;
  dir: string;
  backend?: string;
}

function parseParams(raw: string): Params {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`--params is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('--params must be a JSON object of parameter values');
  return Object.assign(Object.create(null) as Params, parsed);
}

/** Throws naming every unconditional parameter of the trainer's space that `params` lacks. */
function checkComplete(params: Params, space: SearchSpace, trainer: string): void {
  const missing = Object.entries(space).filter(([name, spec]) => !spec.condition && !Object.prototype.hasOwnProperty.call(params, name)).map(([name]) => name);
  if (missing.length > 0) throw new Error(`--params lacks ${missing.join(', ')} (the ${trainer} space: ${Object.keys(space).join(', ')})`);
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

async function trainOnce(spec: string, flags: TrainFlags, io: CliIo): Promise<void> {
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got "${flags.seed}")`);
  const trainer = loadTrainer(spec, trainerOptionsFrom(flags.backend));
  const params = parseParams(flags.params);
  checkComplete(params, trainer.space, trainer.name);
  const trialDir = path.resolve(flags.dir);
  fs.mkdirSync(trialDir, { recursive: true });
  const log = (m: string): void => io.out(`${m}\n`);
  const result = await trainer.train(params, {
    seed, signal: new AbortController().signal, logger: { info: log, warn: log }, trialDir, studyDir: path.dirname(trialDir), trialNumber: 0,
    report: async (step, metrics) => {
      log(`step ${step}: ${Object.entries(metrics).map(([k, v]) => `${k} ${formatValue(v)}`).join(', ')}`);
      return false;
    },
  });
  const lines = [`value ${formatValue(result.value)}`, ...Object.entries(result.metrics ?? {}).map(([k, v]) => `  ${k} = ${formatValue(v)}`), ...Object.entries(result.attributes ?? {}).map(([k, v]) => `${k}: ${v}`), `files: ${trialDir}`];
  io.out(`${lines.join('\n')}\n`);
}

/** Registers `baytune train TRAINER --params JSON`: one training run with fixed parameters, no study. */
export function registerTrainCommand(program: Command, io: CliIo = processIo): void {
  program
    .command('train')
    .description('train once with fixed parameters (no study): prints every report, the value, metrics and attributes such as a DARTS genotype')
    .argument('<trainer>', 'bundled trainer (mlp, cnn, regression, darts), a file path or an npm package')
    .requiredOption('--params <json>', 'the parameter values, e.g. \'{"cells": 1, "init_channels": 8, ...}\'')
    .option('--seed <n>', 'seed of the run', '0')
    .option('--dir <dir>', 'where the run writes its files (weights, genotype.json)', '.baytune/train')
    .option('--backend <name>', `TF.js backend: auto, ${TFJS_BACKENDS.join(', ')} (env BAYTUNE_TFJS_BACKEND)`)
    .action((spec: string, flags: TrainFlags) => trainOnce(spec, flags, io));
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runStudy } from '../src/cli/run-study';
import { openStudies } from '../src/index';
import { createCnnTrainer } from '../trainers/cnn';
import { randomGenotype, runDarts, type DartsOptions } from '../trainers/darts';
import { disposeSplits, loadDartsSplits } from '../trainers/darts/data';
import { RETRAIN_DEFAULTS, retrainGenotype } from '../trainers/darts/retrain';
import { activeBackend } from '../trainers/shared/backend';
import { SeededRandom } from '../trainers/shared/random';
import type { TrainContext } from '../src/trainer/trainer';

/**
 * `npm run bench:nas`: per seed, one DARTS search + retraining of its cell, NAS_RANDOM (8) random
 * cells from the same space retrained identically, and the cnn trainer tuned by the GP for the
 * same wall time as the DARTS row; prints validation accuracy (mean ± sd over seeds, worst seed),
 * parameters, seconds per row and where the α mass went. NAS_SEEDS (3) seeds.
 */
const SEEDS = Number(process.env.NAS_SEEDS ?? 3);
const RANDOM_CELLS = Number(process.env.NAS_RANDOM ?? 8);
const OPTIONS: DartsOptions = { trainPerDigit: 30, archPerDigit: 20, validationPerDigit: 30, downsample: 4, batchSize: 32, retrain: RETRAIN_DEFAULTS, retrainDropout: 0.1 };
// NOTE: one cell of 3 nodes, 8 channels, 3 search epochs: a search plus retraining takes about a minute on a shared core.
const DARTS_PARAMS = { arch_learning_rate: 6e-3, weight_optimizer: 'momentum', weight_learning_rate: 0.05, weight_decay: 3e-4, cells: 1, nodes: 3, init_channels: 8, search_epochs: 3, order: 'first' };
const SHAPE = { cells: 1, channels: 8, side: 28 / OPTIONS.downsample, dropout: OPTIONS.retrainDropout };

function context(root: string, seed: number, name: string): TrainContext {
  const trialDir = path.join(root, name);
  fs.mkdirSync(trialDir, { recursive: true });
  return { seed, signal: new AbortController().signal, logger: { info: () => undefined, warn: (m) => console.warn(m) }, report: async () => false, trialDir, studyDir: root, trialNumber: 0 };
}

interface SeedResult {
  darts: { accuracy: number; parameters: number; seconds: number; genotype: string; skips: number; mass: Record<string, number> };
  random: { accuracies: number[]; parameters: number[]; seconds: number };
  gp: { accuracy: number; trials: number; seconds: number };
}

async function randomCells(root: string, seed: number): Promise<SeedResult['random']> {
  const splits = loadDartsSplits(OPTIONS);
  const rng = new SeededRandom(seed * 7919);
  const started = Date.now();
  const out: SeedResult['random'] = { accuracies: [], parameters: [], seconds: 0 };
  try {
    for (let i = 0; i < RANDOM_CELLS; i += 1) {
      const outcome = await retrainGenotype(randomGenotype(3, rng), SHAPE, splits.retrain, RETRAIN_DEFAULTS, context(root, seed, `random-${i}`), 0);
      out.accuracies.push(outcome.accuracy);
      out.parameters.push(outcome.parameters);
    }
  } finally {
    disposeSplits(splits);
  }
  return { ...out, seconds: (Date.now() - started) / 1000 };
}

/** The cnn tuned by the GP on the same images (train + architecture split to fit, same validation), one trial at a time until `budget` seconds pass. */
async function gpCnn(root: string, seed: number, budget: number): Promise<SeedResult['gp']> {
  const cnn = createCnnTrainer({ trainPerDigit: OPTIONS.trainPerDigit + OPTIONS.archPerDigit, validationPerDigit: OPTIONS.validationPerDigit, downsample: OPTIONS.downsample });
  const client = await openStudies({ storage: 'memory' });
  const started = Date.now();
  let [accuracy, trials] = [0, 0];
  try {
    while ((Date.now() - started) / 1000 < budget) {
      const summary = await runStudy({
        client, trainer: cnn, space: cnn.space, trials: 1, workers: 1, studyName: `nas-gp-${seed}`, sampler: { type: 'gp', seed, n_initial: 4 },
        weightsRoot: path.join(root, 'gp'), baseSeed: seed, leaseSeconds: 600, signal: new AbortController().signal, logger: { info: () => undefined, warn: () => undefined },
      });
      trials += 1;
      for (const t of summary.best) accuracy = Math.max(accuracy, (t.user_attrs as { metrics?: { val_accuracy?: number } }).metrics?.val_accuracy ?? 0);
    }
  } finally {
    await client.close();
  }
  return { accuracy, trials, seconds: (Date.now() - started) / 1000 };
}

async function oneSeed(seed: number): Promise<SeedResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `baytune-nas-${seed}-`));
  const run = await runDarts(DARTS_PARAMS, OPTIONS, context(root, seed, 'darts'));
  const retrain = run.retrain as NonNullable<typeof run.retrain>;
  const dartsSeconds = run.search.seconds + retrain.seconds;
  const darts = { accuracy: retrain.accuracy, parameters: retrain.parameters, seconds: dartsSeconds, genotype: run.description, skips: run.genotype.edges.flat().filter((e) => e.op === 'skip_connect').length, mass: run.alphaMass };
  console.log(`seed ${seed}: DARTS ${(darts.accuracy * 100).toFixed(1)} % (${darts.parameters} params, search ${run.search.seconds.toFixed(0)} s + retrain ${retrain.seconds.toFixed(0)} s): ${darts.genotype}`);
  const random = await randomCells(root, seed);
  console.log(`seed ${seed}: random cells ${random.accuracies.map((a) => (a * 100).toFixed(1)).join(' ')} % (${random.seconds.toFixed(0)} s)`);
  const gp = await gpCnn(root, seed, dartsSeconds);
  console.log(`seed ${seed}: GP-tuned cnn best ${(gp.accuracy * 100).toFixed(1)} % after ${gp.trials} trials (${gp.seconds.toFixed(0)} s)`);
  return { darts, random, gp };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(xs.length - 1, 1));
const pct = (x: number): string => (x * 100).toFixed(1);

function row(name: string, perSeed: number[], extra: string, seconds: number[]): string {
  return `| ${name} | ${pct(mean(perSeed))} ± ${pct(sd(perSeed))} | ${pct(Math.min(...perSeed))} | ${extra} | ${mean(seconds).toFixed(0)} |`;
}

function report(results: SeedResult[]): void {
  const allRandom = results.flatMap((r) => r.random.accuracies);
  console.log(`\n| row (${results.length} seeds) | val accuracy % mean ± sd | worst seed | params | s per row (mean) |\n|---|---|---|---|---|`);
  console.log(row('DARTS cell (search + retrain)', results.map((r) => r.darts.accuracy), mean(results.map((r) => r.darts.parameters)).toFixed(0), results.map((r) => r.darts.seconds)));
  console.log(`| ${RANDOM_CELLS} random cells, each retrained (all ${allRandom.length}) | ${pct(mean(allRandom))} ± ${pct(sd(allRandom))} | ${pct(Math.min(...results.map((r) => mean(r.random.accuracies))))} (seed mean) | ${mean(results.flatMap((r) => r.random.parameters)).toFixed(0)} | ${mean(results.map((r) => r.random.seconds)).toFixed(0)} |`);
  console.log(row(`best of the ${RANDOM_CELLS} random cells`, results.map((r) => Math.max(...r.random.accuracies)), '-', results.map((r) => r.random.seconds)));
  console.log(row('cnn tuned by the GP, same wall time as DARTS', results.map((r) => r.gp.accuracy), `${mean(results.map((r) => r.gp.trials)).toFixed(1)} trials`, results.map((r) => r.gp.seconds)));
  const ops = Object.keys(results[0]?.darts.mass ?? {});
  console.log(`\nα mass after search (mean softmax weight over edges, mean over seeds): ${ops.map((op) => `${op} ${mean(results.map((r) => r.darts.mass[op] as number)).toFixed(3)}`).join(', ')}`);
  console.log(`skip_connect edges in the derived cells (of 6): ${results.map((r) => r.darts.skips).join(', ')}`);
  console.log(`TF.js backend: ${activeBackend() ?? 'none'}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

async function main(): Promise<void> {
  console.log(`bench:nas: ${SEEDS} seeds, MNIST ${OPTIONS.trainPerDigit}+${OPTIONS.archPerDigit}+${OPTIONS.validationPerDigit} per digit at ${SHAPE.side}x${SHAPE.side}; DARTS ${JSON.stringify(DARTS_PARAMS)}; retrain ${JSON.stringify(RETRAIN_DEFAULTS)}`);
  const results: SeedResult[] = [];
  for (let seed = 1; seed <= SEEDS; seed += 1) results.push(await oneSeed(seed));
  report(results);
}

main().catch((error: unknown) => {
  console.error(`bench:nas failed: ${(error as Error).message}`);
  process.exit(1);
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Params } from '../../src/domain/space';
import type { ImageSet } from '../shared/data/mnist';
import { ensureBackend } from '../shared/backend';
import { SeededRandom } from '../shared/random';
import { tf } from '../shared/tf';
import { disposeSplits, loadDartsSplits, type DartsDataOptions } from './data';
import { deriveGenotype, describeGenotype, OPERATIONS, type Genotype, type Operation } from './genotype';
import { probeDartsKernels } from './probe';
import { retrainGenotype, type RetrainOutcome } from './retrain';
import { searchArchitecture, type SearchOutcome } from './search-loop';
import { readSearchSettings, readSupernetShape } from './settings';
import { Supernet } from './supernet';
import type { TrainContext, TrainerOptions } from './trainer-api';

/** Data splits, the search's batch size, the fixed retraining recipe (cnn training parameters) with its dropout, and the TF.js backend (auto by default). */
export interface DartsOptions extends DartsDataOptions {
  batchSize: number;
  retrain: Params;
  retrainDropout: number;
  backend?: TrainerOptions['backend'];
}

/** One DARTS search and (unless pruned) the retraining of its cell. */
export interface DartsRun {
  genotype: Genotype;
  /** describeGenotype(genotype): the readable line. */
  description: string;
  /** Mean softmax(α) weight of each operation over all edges (sums to 1): where the α mass ended up. */
  alphaMass: Record<Operation, number>;
  /** softmax(α) rows [edges][operations] at the end of the search. */
  alphaWeights: number[][];
  search: SearchOutcome & { seconds: number };
  retrain: RetrainOutcome | null;
  backend: string;
}

function alphaMass(weights: number[][]): Record<Operation, number> {
  const mass = Object.fromEntries(OPERATIONS.map((op, o) => [op, weights.reduce((s, row) => s + (row[o] as number), 0) / weights.length]));
  return mass as Record<Operation, number>;
}

function writeGenotype(dir: string, run: Omit<DartsRun, 'retrain' | 'backend'>): void {
  fs.mkdirSync(dir, { recursive: true });
  const body = { genotype: run.genotype, description: run.description, alpha_mass: run.alphaMass, alpha_softmax: run.alphaWeights, operations: OPERATIONS };
  fs.writeFileSync(path.join(dir, 'genotype.json'), `${JSON.stringify(body, null, 2)}\n`);
}

/**
 * Runs DARTS for one parameter set: picks the backend, searches (reports steps 1..search_epochs
 * with the supernet's architecture-split cross-entropy), derives the genotype, writes
 * `genotype.json` to context.trialDir and retrains the cell from scratch (reports continue at
 * search_epochs + 1). `cache` keeps the decoded MNIST subset between runs.
 */
export async function runDarts(params: Params, options: DartsOptions, context: TrainContext, cache: { images?: ImageSet } = {}): Promise<DartsRun> {
  const side = 28 / options.downsample;
  const backend = await ensureBackend('darts', () => probeDartsKernels(side), context.logger, options.backend);
  const splits = loadDartsSplits(options, cache);
  const shape = readSupernetShape(params, splits.side);
  const net = new Supernet(shape, new SeededRandom(context.seed));
  try {
    const started = Date.now();
    const outcome = await searchArchitecture(net, splits.train, splits.arch, readSearchSettings(params, options.batchSize), context);
    const alphaWeights = tf.tidy(() => tf.softmax(net.alpha).arraySync() as number[][]);
    const genotype = deriveGenotype(alphaWeights, shape.nodes);
    const found = { genotype, description: describeGenotype(genotype), alphaMass: alphaMass(alphaWeights), alphaWeights, search: { ...outcome, seconds: (Date.now() - started) / 1000 } };
    writeGenotype(context.trialDir, found);
    context.logger.info(`trial ${context.trialNumber}: DARTS cell after ${outcome.epochsRun} search epoch(s) in ${found.search.seconds.toFixed(1)} s (backend ${backend}): ${found.description}`);
    if (outcome.pruned) return { ...found, retrain: null, backend };
    const networkShape = { cells: shape.cells, channels: shape.channels, side: splits.side, dropout: options.retrainDropout };
    const retrain = await retrainGenotype(genotype, networkShape, splits.retrain, options.retrain, context, outcome.epochsRun, options.backend);
    return { ...found, retrain, backend };
  } finally {
    net.dispose();
    disposeSplits(splits);
  }
}

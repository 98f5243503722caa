import { gpFactory } from '../src/samplers/gp/gp-sampler';
import { randomFactory } from '../src/samplers/random';
import { sobolFactory } from '../src/samplers/sobol';
import { tpeFactory } from '../src/samplers/tpe';
import { geneticFactory } from '../src/samplers/genetic';
import { localSearchFactory } from '../src/samplers/local-search';
import { gridFactory } from '../src/samplers/grid';
import { autoFactory } from '../src/samplers/auto';
import type { BenchStrategy } from './harness';

/** Strategies the regret benchmark knows; add an entry to benchmark another sampler. */
export const BENCH_STRATEGIES: BenchStrategy[] = [
  { name: 'gp-ei', factory: gpFactory, options: { acquisition: 'ei' } },
  { name: 'gp-ts', factory: gpFactory, options: { acquisition: 'ts' } },
  { name: 'gp-ucb', factory: gpFactory, options: { acquisition: 'ucb' } },
  { name: 'auto', factory: autoFactory, options: {} },
  { name: 'tpe', factory: tpeFactory, options: {} },
  { name: 'genetic', factory: geneticFactory, options: {} },
  { name: 'local-search', factory: localSearchFactory, options: {} },
  { name: 'grid', factory: gridFactory, options: { shuffle: true, on_exhausted: 'random' } },
  { name: 'sobol', factory: sobolFactory, options: {} },
  { name: 'random', factory: randomFactory, options: {} },
];

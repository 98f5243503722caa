import { gpFactory } from '../src/samplers/gp/gp-sampler';
import { randomFactory } from '../src/samplers/random';
import { sobolFactory } from '../src/samplers/sobol';
import type { BenchStrategy } from './harness';

/** Strategies the regret benchmark knows; add an entry to benchmark another sampler. */
export const BENCH_STRATEGIES: BenchStrategy[] = [
  { name: 'gp-ei', factory: gpFactory, options: { acquisition: 'ei' } },
  { name: 'gp-ts', factory: gpFactory, options: { acquisition: 'ts' } },
  { name: 'gp-ucb', factory: gpFactory, options: { acquisition: 'ucb' } },
  { name: 'sobol', factory: sobolFactory, options: {} },
  { name: 'random', factory: randomFactory, options: {} },
];

import { decisionTreeTask } from './decision-tree';
import { runOptimization, type RunResult } from './harness';
import { benchFlags } from './flags';
import { medianMeanWorst, seedRange } from './seed-flags';
import { BENCH_STRATEGIES } from './strategies';

/**
 * `node dist/bench/plateau.js [--seeds 16-23] [--budget 60] [--strategies gp-ei,random,tpe]`: issue
 * 10's plateau check. Tunes the decision-tree task (bench/decision-tree.ts: validation error of a
 * small CART, flat over wide regions) with each strategy and prints the best validation error after
 * 20, 40 and the budget's evaluations: median, mean and worst seed, then every seed's final error.
 */
async function main(): Promise<void> {
  const flags = benchFlags('node dist/bench/plateau.js [--seeds 16-23] [--budget 60] [--strategies gp-ei,random,tpe]: issue 10\'s plateau check', { seeds: '16-23', budget: '60', strategies: 'gp-ei,random,tpe' });
  const seeds = seedRange(flags.seeds);
  const budget = Number(flags.budget);
  const task = decisionTreeTask();
  const checkpoints = [20, 40, budget].filter((c, i, all) => c <= budget && all.indexOf(c) === i);
  for (const name of flags.strategies.split(',')) {
    const strategy = BENCH_STRATEGIES.find((s) => s.name === name);
    if (!strategy) throw new Error(`unknown strategy ${name}`);
    const runs: RunResult[] = [];
    for (const seed of seeds) runs.push(await runOptimization(strategy, task, budget, seed, { deadlineMs: 600000 }));
    const at = (c: number): string => `@${c} ${medianMeanWorst(runs.map((r) => r.regret[c - 1] as number))}`;
    console.log(`${name.padEnd(8)} ${checkpoints.map(at).join(' | ')}`);
    console.log(`         per seed ${seeds[0]}..: ${runs.map((r) => (r.regret[budget - 1] as number).toFixed(3)).join(' ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { ApiTrial } from '../src/api/types';
import { allTrials } from '../src/client/all-trials';
import { runStudy } from '../src/cli/run-study';
import type { SearchSpace } from '../src/domain/space';
import { openStudies } from '../src/index';
import type { Trainer } from '../src/trainer/trainer';
import { activeBackend } from '../trainers/shared/backend';
import { createCnnTrainer } from '../trainers/cnn';
import { createMlpTrainer } from '../trainers/mlp';
import { applySpaceOverrides } from '../src/trainer/space-override';
import { median } from '../src/pruners/median';

/**
 * `npm run demo`: issue 10's real-model check. For each trainer (cnn on a small MNIST subset, mlp on
 * iris; both conditional spaces of 20+ parameters) and each seed of DEMO_SEEDS (default 1-5) it tunes
 * the trainer with the GP sampler for DEMO_GP_TRIALS trials (default 15) and with random search for
 * DEMO_RANDOM_TRIALS (default 30), both with the median pruner and the same trial seeds, and prints
 * per run the best validation cross-entropy (the objective), the validation accuracy of that trial
 * and the best validation accuracy of any complete trial; then, per trainer, the median over seeds
 * and how many seeds the GP's best accuracy after its budget is at least random search's after its.
 * DEMO_TRAINERS picks the trainers (default "cnn,mlp"), DEMO_SAMPLERS the samplers (default
 * "gp,random"; the comparison needs both), DEMO_GP_INITIAL the GP's initial design (default: the
 * sampler's own).
 */
const SEEDS = (process.env.DEMO_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const GP_TRIALS = Number(process.env.DEMO_GP_TRIALS ?? 15);
const RANDOM_TRIALS = Number(process.env.DEMO_RANDOM_TRIALS ?? 30);
const GP_INITIAL = process.env.DEMO_GP_INITIAL === undefined ? undefined : Number(process.env.DEMO_GP_INITIAL);
const TRAINERS = (process.env.DEMO_TRAINERS ?? 'cnn,mlp').split(',');
const SAMPLERS = (process.env.DEMO_SAMPLERS ?? 'gp,random').split(',');
const PRUNER = { type: 'median', n_startup_trials: 5, n_warmup_steps: 1 } as const;

interface DemoTask {
  trainer: Trainer;
  space: SearchSpace;
}

function task(name: string): DemoTask {
  if (name === 'cnn') {
    const cnn = createCnnTrainer({ trainPerDigit: Number(process.env.DEMO_TRAIN ?? 60), validationPerDigit: Number(process.env.DEMO_VALIDATION ?? 30), downsample: 2 });
    // NOTE: at most 2 epochs and 2 conv layers keep a trial to a few seconds on one shared CPU core.
    return { trainer: cnn, space: applySpaceOverrides(cnn.space, { epochs: { type: 'int', low: 1, high: 2 }, n_conv: { type: 'int', low: 1, high: 2 } }) };
  }
  if (name === 'mlp') {
    const mlp = createMlpTrainer({ dataset: 'iris' });
    // NOTE: at most 10 epochs (of 30) keeps a trial under a second or two.
    return { trainer: mlp, space: applySpaceOverrides(mlp.space, { epochs: { type: 'int', low: 2, high: 10 } }) };
  }
  throw new Error(`demo trainer "${name}" is unknown; use cnn or mlp`);
}

/** One tuning run's figures: the best loss, that trial's accuracy, the best accuracy of any complete trial. */
interface RunFigures {
  bestLoss: number;
  accuracyAtBestLoss: number;
  bestAccuracy: number;
  pruned: number;
  seconds: number;
}

function accuracyOf(trial: ApiTrial): number {
  const metrics = (trial.user_attrs as { metrics?: { val_accuracy?: number } } | undefined)?.metrics;
  return metrics?.val_accuracy ?? Number.NaN;
}

async function tune(demo: DemoTask, sampler: 'gp' | 'random', trials: number, seed: number, root: string): Promise<RunFigures> {
  const client = await openStudies({ storage: 'memory' });
  const started = process.hrtime.bigint();
  try {
    const summary = await runStudy({
      client, trainer: demo.trainer, space: demo.space, trials, workers: 1,
      studyName: `demo-${demo.trainer.name}-${sampler}-${seed}`,
      sampler: sampler === 'gp' ? { type: 'gp', seed, ...(GP_INITIAL === undefined ? {} : { n_initial: GP_INITIAL }) } : { type: 'random', seed },
      pruner: { ...PRUNER },
      weightsRoot: path.join(root, `${demo.trainer.name}-${sampler}-${seed}`),
      baseSeed: seed,
      leaseSeconds: 600,
      signal: new AbortController().signal,
      logger: { info: () => undefined, warn: (m) => console.warn(m) },
    });
    const complete: ApiTrial[] = [];
    for await (const t of allTrials(client, summary.study.id, { state: ['COMPLETE'] })) complete.push(t);
    const best = complete.reduce<ApiTrial | undefined>((b, t) => (b === undefined || (t.value ?? Infinity) < (b.value ?? Infinity) ? t : b), undefined);
    return {
      bestLoss: best?.value ?? Number.NaN,
      accuracyAtBestLoss: best ? accuracyOf(best) : Number.NaN,
      bestAccuracy: Math.max(...complete.map(accuracyOf).filter(Number.isFinite)),
      pruned: summary.outcomes.filter((o) => o.state === 'PRUNED').length,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    await client.close();
  }
}

function line(label: string, f: RunFigures): string {
  return `${label.padEnd(14)} ${f.bestLoss.toFixed(4).padStart(9)} ${f.accuracyAtBestLoss.toFixed(3).padStart(14)} ${f.bestAccuracy.toFixed(3).padStart(13)} ${String(f.pruned).padStart(6)} ${f.seconds.toFixed(0).padStart(6)}`;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'baytune-demo-'));
  console.log(`demo: gp at ${GP_TRIALS} trials against random at ${RANDOM_TRIALS}, median pruner, seeds ${SEEDS.join(', ')}; weights under ${root}`);
  for (const name of TRAINERS) {
    const demo = task(name);
    console.log(`\n${demo.trainer.description} (${Object.keys(demo.space).length} parameters)`);
    console.log('run            best loss  acc@best loss  best accuracy pruned      s');
    const gp: RunFigures[] = [];
    const random: RunFigures[] = [];
    for (const seed of SEEDS) {
      if (SAMPLERS.includes('gp')) {
        gp.push(await tune(demo, 'gp', GP_TRIALS, seed, root));
        console.log(line(`gp seed ${seed}`, gp[gp.length - 1] as RunFigures));
      }
      if (SAMPLERS.includes('random')) {
        random.push(await tune(demo, 'random', RANDOM_TRIALS, seed, root));
        console.log(line(`random seed ${seed}`, random[random.length - 1] as RunFigures));
      }
    }
    if (gp.length === 0 || random.length === 0) continue;
    const wins = gp.filter((g, i) => g.bestAccuracy >= (random[i] as RunFigures).bestAccuracy).length;
    const summary = (xs: RunFigures[]): string => `loss ${median(xs.map((x) => x.bestLoss)).toFixed(4)}, accuracy at best loss ${median(xs.map((x) => x.accuracyAtBestLoss)).toFixed(3)}, best accuracy ${median(xs.map((x) => x.bestAccuracy)).toFixed(3)}`;
    console.log(`median over seeds: gp@${GP_TRIALS} ${summary(gp)}; random@${RANDOM_TRIALS} ${summary(random)}`);
    console.log(`gp@${GP_TRIALS} best accuracy >= random@${RANDOM_TRIALS} on ${wins} of ${SEEDS.length} seeds; medians ${median(gp.map((x) => x.bestAccuracy)) >= median(random.map((x) => x.bestAccuracy)) ? 'met' : 'MISSED'}`);
  }
  console.log(`\nTF.js backend: ${activeBackend() ?? 'none'}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});

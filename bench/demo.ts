import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { runStudy, type RunSummary } from '../src/cli/run-study';
import { openStudies } from '../src/index';
import { activeBackend } from '../trainers/shared/backend';
import { createCnnTrainer } from '../trainers/cnn';
import { applySpaceOverrides } from '../src/trainer/space-override';

/**
 * `npm run demo`: tunes the bundled cnn on a small MNIST subset (DEMO_TRAIN images per digit for
 * training, DEMO_VALIDATION for validation, 14x14) for DEMO_TRIALS trials with the GP sampler
 * (DEMO_GP_INITIAL Sobol points first) and
 * with random search, same trial seeds, and prints both best-so-far curves of validation
 * cross-entropy, the best trials' validation accuracy, seconds per trial and the TF.js backend.
 */
const TRIALS = Number(process.env.DEMO_TRIALS ?? 25);
// NOTE: the GP's default initial design grows with the space (20 Sobol points for this 30-parameter
// space); within a demo budget of 25 trials that would leave it 5 model-based trials.
const GP_INITIAL = Number(process.env.DEMO_GP_INITIAL ?? 8);
const SEED = Number(process.env.DEMO_SEED ?? 1);
const cnn = createCnnTrainer({ trainPerDigit: Number(process.env.DEMO_TRAIN ?? 60), validationPerDigit: Number(process.env.DEMO_VALIDATION ?? 30), downsample: 2 });
// NOTE: at most 2 epochs and 2 conv layers keep a trial to a few seconds on one shared CPU core.
const space = applySpaceOverrides(cnn.space, { epochs: { type: 'int', low: 1, high: 2 }, n_conv: { type: 'int', low: 1, high: 2 } });

interface SamplerRun {
  sampler: string;
  summary: RunSummary;
  curve: number[];
  secondsPerTrial: number;
}

async function tune(sampler: string, root: string): Promise<SamplerRun> {
  const client = await openStudies({ storage: 'memory' });
  const finished: number[] = [];
  const started = process.hrtime.bigint();
  try {
    const summary = await runStudy({
      client, trainer: cnn, space, trials: TRIALS, workers: 1,
      studyName: `demo-${sampler}`,
      sampler: sampler === 'gp' ? { type: 'gp', seed: SEED, n_initial: GP_INITIAL } : { type: sampler, seed: SEED },
      weightsRoot: path.join(root, sampler),
      baseSeed: SEED,
      leaseSeconds: 600,
      signal: new AbortController().signal,
      logger: { info: () => undefined, warn: (m) => console.warn(m) },
      onTrialDone: (outcome, best) => {
        finished.push(best ?? Number.NaN);
        process.stdout.write(`  ${sampler} trial ${outcome.number}: ${outcome.state} ${outcome.value?.toFixed(4) ?? '-'} (best ${best?.toFixed(4) ?? '-'})\n`);
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { sampler, summary, curve: finished, secondsPerTrial: seconds / TRIALS };
  } finally {
    await client.close();
  }
}

function report(runs: SamplerRun[]): void {
  console.log(`\nbest-so-far validation cross-entropy after each trial (lower is better)`);
  console.log(`trial  ${runs.map((r) => r.sampler.padStart(10)).join(' ')}`);
  for (let i = 0; i < TRIALS; i += 1) console.log(`${String(i + 1).padStart(5)}  ${runs.map((r) => (r.curve[i]?.toFixed(4) ?? '-').padStart(10)).join(' ')}`);
  console.log('\nsampler    best loss   val accuracy   s/trial   best weights');
  for (const r of runs) {
    const best = r.summary.best[0];
    const attrs = (best?.user_attrs ?? {}) as { metrics?: { val_accuracy?: number }; weights_dir?: string };
    console.log(`${r.sampler.padEnd(10)} ${(best?.value?.toFixed(4) ?? '-').padStart(9)}   ${(attrs.metrics?.val_accuracy?.toFixed(3) ?? '-').padStart(12)}   ${r.secondsPerTrial.toFixed(1).padStart(7)}   ${attrs.weights_dir ?? '-'}`);
  }
  console.log(`\nTF.js backend: ${activeBackend() ?? 'none'}; ${TRIALS} trials per sampler (gp: ${GP_INITIAL} initial Sobol points), seed ${SEED}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`);
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'baytune-demo-'));
  console.log(`tuning cnn on MNIST (${cnn.description}) for ${TRIALS} trials with gp and with random; weights under ${root}`);
  const runs = [await tune('gp', root), await tune('random', root)];
  report(runs);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});

import { parentPort, workerData } from 'node:worker_threads';
import { loadTrainer } from '../trainer/load-trainer';
import type { TrainContext, Trainer } from '../trainer/trainer';
import type { FromThreadMessage, ReportAnswerMessage, ToThreadMessage, TrainerThreadData, TrainMessage } from './trainer-thread-protocol';

/**
 * A trainer thread (see ThreadTrainer): loads the trainer from the user's spec with
 * src/trainer/load-trainer.ts (with the typed options it was given), trains one job at a time with a TrainContext whose report, logger and signal
 * are forwarded to and from the main thread, and answers each job with a DoneMessage. The bundled
 * trainers pick and log their TF.js backend per thread and name it in their results.
 */
const data = workerData as TrainerThreadData;
let trainer: Trainer | undefined;
const aborts = new Map<number, AbortController>();
const reports = new Map<number, { resolve: (prune: boolean) => void; reject: (error: Error) => void }>();
let nextReport = 0;

function send(message: FromThreadMessage): void {
  parentPort?.postMessage(message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function contextFor(job: TrainMessage, signal: AbortSignal): TrainContext {
  const log = (level: 'info' | 'warn') => (message: string) => send({ kind: 'log', job: job.job, level, message: String(message) });
  return {
    seed: job.seed,
    signal,
    logger: { info: log('info'), warn: log('warn') },
    report: (step, metrics) => new Promise<boolean>((resolve, reject) => {
      const report = nextReport++;
      reports.set(report, { resolve, reject });
      send({ kind: 'report', job: job.job, report, step, metrics: { ...metrics } });
    }),
    trialDir: job.trialDir,
    studyDir: job.studyDir,
    trialNumber: job.trialNumber,
  };
}

async function train(job: TrainMessage): Promise<void> {
  const controller = new AbortController();
  aborts.set(job.job, controller);
  try {
    trainer ??= loadTrainer(data.spec, data.options ?? {}, data.cwd);
    const result = await trainer.train(job.params, contextFor(job, controller.signal));
    send({ kind: 'done', job: job.job, result: { value: result?.value, ...(result?.metrics ? { metrics: result.metrics } : {}), ...(result?.attributes ? { attributes: result.attributes } : {}) }, backend: result?.backend ?? null });
  } catch (error) {
    send({ kind: 'done', job: job.job, error: messageOf(error), backend: null });
  } finally {
    aborts.delete(job.job);
  }
}

function answer(message: ReportAnswerMessage): void {
  const waiter = reports.get(message.report);
  reports.delete(message.report);
  if (message.error !== undefined) waiter?.reject(new Error(message.error));
  else waiter?.resolve(message.prune === true);
}

parentPort?.on('message', (message: ToThreadMessage) => {
  if (message.kind === 'train') void train(message);
  else if (message.kind === 'abort') aborts.get(message.job)?.abort();
  else answer(message);
});

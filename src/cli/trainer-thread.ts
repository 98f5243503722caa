import { Worker } from 'node:worker_threads';
import type { Params, SearchSpace } from '../domain/space';
import type { TrainContext, Trainer, TrainResult } from '../trainer/trainer';
import { compiledWorkerEntry } from '../infra/paths';
import type { FromThreadMessage, ToThreadMessage, TrainerThreadData } from './trainer-thread-protocol';

/** The train call a thread is working on. */
interface Job {
  id: number;
  context: TrainContext;
  resolve: (result: TrainResult) => void;
  reject: (error: Error) => void;
}

/**
 * A Trainer whose `train` runs the real trainer's `train` on a dedicated worker thread, so several
 * of them train on several cores. The thread loads the trainer from `spec` (bundled name, file
 * path or npm package, resolved from `cwd`) and is reused for every call; calls must not overlap
 * (one worker loop per ThreadTrainer). context.report and context.logger are forwarded to this
 * thread, context.signal to the trainer's; an error the trainer throws comes back with its message.
 * A thread that crashes or exits fails the call ("trainer thread crashed: ..." / "... exited with
 * code N") and the next call starts a new thread.
 */
export class ThreadTrainer implements Trainer {
  readonly name: string;
  readonly description: string;
  readonly space: SearchSpace;
  readonly direction?: 'minimize' | 'maximize';
  private worker: Worker | null = null;
  private job: Job | null = null;
  private nextJob = 0;
  private lastBackend: string | null = null;

  /** `local` is the same trainer loaded on this thread: its name, description, space and direction are shown. */
  constructor(private readonly entry: string, private readonly data: TrainerThreadData, local: Trainer) {
    this.name = local.name;
    this.description = local.description;
    this.space = local.space;
    if (local.direction) this.direction = local.direction;
  }

  /** The TF.js backend the thread's latest trial ran on; null before any (or for trainers without TF.js). */
  backend(): string | null {
    return this.lastBackend;
  }

  /** Trains on the thread (starting one if none is alive); rejects when the trainer throws or the thread dies. */
  train(params: Params, context: TrainContext): Promise<TrainResult> {
    if (this.job) return Promise.reject(new Error('ThreadTrainer.train called while a call is running'));
    const worker = this.worker ?? this.start();
    const id = this.nextJob++;
    const done = new Promise<TrainResult>((resolve, reject) => (this.job = { id, context, resolve, reject }));
    const abort = (): void => this.post({ kind: 'abort', job: id });
    worker.ref();
    this.post({ kind: 'train', job: id, params, seed: context.seed, trialDir: context.trialDir, studyDir: context.studyDir, trialNumber: context.trialNumber });
    if (context.signal.aborted) abort();
    else context.signal.addEventListener('abort', abort, { once: true });
    return done.finally(() => {
      context.signal.removeEventListener('abort', abort);
      this.worker?.unref();
    });
  }

  /** Terminates the thread (a running call fails); the next call would start a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.settle(new Error('trainer thread terminated'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.entry, { workerData: this.data });
    worker.unref();
    worker.on('message', (message: FromThreadMessage) => this.receive(message));
    worker.on('error', (error) => this.lose(worker, `trainer thread crashed: ${error.message}`));
    worker.on('exit', (code) => this.lose(worker, `trainer thread exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  /**
   * A thread died: fails the running call, if the thread is still this trainer's. NOTE: a crash
   * emits 'error' and later 'exit'; by then the next call may run on a new thread, which the
   * late 'exit' of the old one must not fail.
   */
  private lose(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.settle(new Error(reason));
  }

  private post(message: ToThreadMessage): void {
    this.worker?.postMessage(message);
  }

  private receive(message: FromThreadMessage): void {
    const job = this.job;
    if (!job || message.job !== job.id) return;
    if (message.kind === 'log') job.context.logger[message.level](message.message);
    else if (message.kind === 'report') this.forwardReport(job, message.report, message.step, message.metrics);
    else {
      this.lastBackend = message.backend ?? this.lastBackend;
      if (message.error !== undefined) this.settle(new Error(message.error));
      else this.settle(null, message.result);
    }
  }

  private forwardReport(job: Job, report: number, step: number, metrics: { value: number } & Record<string, number>): void {
    job.context.report(step, metrics).then(
      (prune) => this.post({ kind: 'report-answer', job: job.id, report, prune }),
      (error: unknown) => this.post({ kind: 'report-answer', job: job.id, report, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private settle(error: Error | null, result?: TrainResult): void {
    const job = this.job;
    if (!job) return;
    this.job = null;
    if (error) job.reject(error);
    else job.resolve(result as TrainResult);
  }
}

/** The compiled trainer thread entry, or null when running from TypeScript sources (see compiledWorkerEntry). */
export function trainerThreadEntry(): string | null {
  return compiledWorkerEntry(__filename, 'trainer-thread-worker.js');
}

import { Worker } from 'node:worker_threads';
import { LruCache } from '../core/lru-cache';
import { compiledWorkerEntry } from '../infra/paths';
import { fromJobFailure, type JobAnswer, type JobFailure, type SamplerJob, type SamplerRunner } from '../service/sampler-job';
import { FairQueue } from './fair-queue';

interface Task {
  job: SamplerJob;
  resolve: (answer: JobAnswer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker | null;
  /** The task in flight on this thread, with its study and watchdog. */
  current: { key: string; task: Task; watchdog: NodeJS.Timeout } | null;
}

/**
 * NOTE: a job still unanswered this long after its deadline means a sampler that ignores its
 * budget (or loops): its thread is terminated, the job fails (the service falls back), and a fresh
 * thread takes the next job. Generous, since a hyperparameter fit completes past the deadline.
 */
const STUCK_AFTER_DEADLINE_MS = 30_000;
/** Studies whose last thread is remembered (each entry a few dozen bytes). */
const HOMES_KEPT = 10_000;

/**
 * Runs sampler jobs on `threads` worker threads (see sampler-thread.ts):
 * - studies take turns (FairQueue): a study has at most one job in flight, so one study's long fit
 *   holds at most one thread while the other studies' jobs use the rest;
 * - a study's job goes back to the thread that ran its previous job when that thread is free, where
 *   its model (fitted hyperparameters, Cholesky factor) is kept; elsewhere the model is rebuilt, to
 *   the same values (the anchors rule), so placement changes only speed;
 * - a crashed or stuck thread fails its job and is replaced for the next one.
 * The event loop never runs a job.
 */
export class SamplerPool implements SamplerRunner {
  private readonly slots: Slot[];
  private readonly queue = new FairQueue<Task>();
  /** The thread that last ran each study's job (bounded: it only places jobs). */
  private readonly homeOf = new LruCache<number>(HOMES_KEPT);

  /** `plugins`: plugin files each thread loads before its first job (see loadPlugins), so plugin samplers run there too. */
  constructor(
    private readonly entry: string,
    threads: number,
    private readonly plugins: readonly string[] = [],
  ) {
    this.slots = Array.from({ length: Math.max(1, threads) }, () => ({ worker: null, current: null }));
  }

  get threads(): number {
    return this.slots.length;
  }

  run(job: SamplerJob): Promise<JobAnswer> {
    return new Promise((resolve, reject) => {
      this.queue.push(job.studyId, { job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    for (const task of this.queue.drain()) task.reject(new Error('sampler pool closed'));
    await Promise.all(this.slots.map((slot) => this.stop(slot, new Error('sampler pool closed'))));
  }

  /** Starts queued jobs on free threads, each preferring studies whose model lives there. */
  private pump(): void {
    this.slots.forEach((slot, index) => {
      if (slot.current) return;
      const next = this.queue.next((key) => this.homeOf.get(key) === index, this.slots.length);
      if (next) this.start(slot, index, next.key, next.task);
    });
  }

  private start(slot: Slot, index: number, key: string, task: Task): void {
    const worker = slot.worker ?? this.spawn(slot);
    const late = Math.max(0, task.job.deadline.at - Date.now()) + STUCK_AFTER_DEADLINE_MS;
    const watchdog = setTimeout(() => void this.stop(slot, new Error('sampler thread stuck past its deadline; restarted')), late);
    watchdog.unref();
    slot.current = { key, task, watchdog };
    this.remember(key, index);
    worker.postMessage(task.job);
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(this.entry, { workerData: { plugins: this.plugins } });
    worker.unref();
    worker.on('message', (message: { answer?: JobAnswer; error?: JobFailure }) => {
      if (slot.worker !== worker) return;
      if (message.answer) this.finish(slot, (task) => task.resolve(message.answer as JobAnswer));
      else this.finish(slot, (task) => task.reject(fromJobFailure(message.error)));
    });
    worker.on('error', (error) => this.finish(slot, (task) => task.reject(error)));
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      this.finish(slot, (task) => task.reject(new Error(`sampler thread exited with code ${code}`)));
    });
    slot.worker = worker;
    return worker;
  }

  /** Settles the slot's task in flight (if any) and lets the next jobs start. */
  private finish(slot: Slot, settle: (task: Task) => void): void {
    const current = slot.current;
    if (!current) return;
    slot.current = null;
    clearTimeout(current.watchdog);
    this.queue.done(current.key);
    settle(current.task);
    this.pump();
  }

  /** Terminates the slot's thread, failing its task in flight with `error`. */
  private async stop(slot: Slot, error: Error): Promise<void> {
    const worker = slot.worker;
    slot.worker = null;
    this.finish(slot, (task) => task.reject(error));
    if (worker) await worker.terminate();
  }

  private remember(key: string, index: number): void {
    this.homeOf.set(key, index);
  }
}

/** The compiled sampler thread entry, or null when running from TypeScript sources (see compiledWorkerEntry). */
export function samplerThreadEntry(): string | null {
  return compiledWorkerEntry(__filename, 'sampler-thread.js');
}

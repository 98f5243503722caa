import { Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode } from '../domain/errors';
import type { SearchSpace } from '../domain/space';
import type { SamplerConfig } from '../domain/study';
import type { Sampler, SamplerInput, Suggestion } from '../samplers/sampler';
import { compiledWorkerEntry } from '../infra/paths';

/** One sampler run as plain (structured-cloneable) data: config, space, input without the clock, and an absolute deadline (epoch ms). */
export interface SamplerJob {
  config: SamplerConfig;
  space: SearchSpace;
  input: Omit<SamplerInput, 'budget'>;
  deadlineAt: number;
}

/** Where samplers run. `sampler` is the job's sampler already built on this thread. */
export interface SamplerRunner {
  run(job: SamplerJob, sampler: Sampler): Promise<Suggestion[]>;
  close(): Promise<void>;
}

/** The milliseconds a job has left at `now`; at least 1, so a late job still answers with its cheap fallback. */
export function remainingMs(job: SamplerJob, now: number): number {
  return Math.max(1, job.deadlineAt - now);
}

/** Runs samplers on the calling thread (the event loop). */
export class InlineRunner implements SamplerRunner {
  constructor(private readonly now: () => number = Date.now) {}

  run(job: SamplerJob, sampler: Sampler): Promise<Suggestion[]> {
    return sampler.suggest({ ...job.input, budget: { deadlineMs: remainingMs(job, this.now()), now: this.now } });
  }

  async close(): Promise<void> {}
}

/** A failure as it crosses the thread boundary. */
export interface WorkerFailure {
  message: string;
  code?: ErrorCode;
  field?: string;
}

interface Waiter {
  resolve: (suggestions: Suggestion[]) => void;
  reject: (error: Error) => void;
  watchdog: NodeJS.Timeout;
}

/**
 * NOTE: a job still unanswered this long after its deadline means a sampler that ignores its
 * budget (or loops): the worker is terminated, its jobs fail over to random search, and the next
 * job starts a fresh worker. Generous, since a model fit checks its deadline only between steps.
 */
const STUCK_AFTER_DEADLINE_MS = 30_000;

/**
 * Runs model-based samplers (those that read the full history) on one worker thread, in arrival
 * order, so a model fit never blocks tells, heartbeats or cheap asks on the event loop; samplers
 * that need only the trial count run inline. A job's deadline is absolute, so jobs that queued
 * past it answer at once with their sampler's cheap fallback (P7). A crashed or stuck worker fails
 * its jobs (the service then falls back to random search) and is started again for the next job.
 */
export class WorkerRunner implements SamplerRunner {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 0;
  private readonly inline = new InlineRunner();

  /** `plugins`: plugin files the worker loads before its first job (see loadPlugins), so plugin samplers run there too. */
  constructor(private readonly entry: string, private readonly plugins: readonly string[] = []) {}

  run(job: SamplerJob, sampler: Sampler): Promise<Suggestion[]> {
    if (sampler.history === 'count') return this.inline.run(job, sampler);
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const watchdog = setTimeout(() => void worker.terminate(), Math.max(0, job.deadlineAt - Date.now()) + STUCK_AFTER_DEADLINE_MS);
      watchdog.unref();
      this.waiting.set(id, { resolve, reject, watchdog });
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.entry, { workerData: { plugins: this.plugins } });
    worker.unref();
    worker.on('message', (message: { id: number; suggestions?: Suggestion[]; error?: WorkerFailure }) => this.settle(message));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(`sampler worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settle({ id, suggestions, error }: { id: number; suggestions?: Suggestion[]; error?: WorkerFailure }): void {
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    clearTimeout(waiter.watchdog);
    if (suggestions) waiter.resolve(suggestions);
    else waiter.reject(error?.code ? new DomainError(error.code, error.message, error.field) : new Error(error?.message ?? 'sampler worker failed'));
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.watchdog);
      waiter.reject(error);
    }
    this.waiting.clear();
  }
}

/** The compiled sampler worker entry, or null when running from TypeScript sources (see compiledWorkerEntry). */
export function samplerWorkerEntry(): string | null {
  return compiledWorkerEntry(__filename, 'sampler-worker.js');
}

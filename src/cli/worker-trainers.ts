import type { Trainer, TrainerOptions } from '../trainer/trainer';
import { ThreadTrainer, trainerThreadEntry } from './trainer-thread';

/** The trainer of each worker loop of `baytune run`, and the threads behind them. */
export interface WorkerTrainers {
  /** Whether the worker loops train on their own threads. */
  threaded: boolean;
  /** The trainer worker loop `index` (0-based, < the worker count) trains with; the same object on every call. */
  forWorker(index: number): Trainer;
  /** The TF.js backend the latest trial ran on, in a thread or on this one; null before any. */
  backend(): string | null;
  /** Terminates every thread (a running train call fails); idempotent. */
  close(): Promise<void>;
}

/**
 * One trainer per worker loop. Compiled (dist/) with more than one worker, each loop gets a
 * ThreadTrainer on its own thread loading `spec` the way the user gave it; from TypeScript sources
 * (jest), or with one worker, every loop trains with `local` on this thread.
 * NOTE: one worker loop trains on the main thread. A thread brings it no parallelism, only a free
 * event loop, which the trainers already give heartbeats and Ctrl-C by yielding between batches.
 * Measured with `baytune run --trainer cnn --workers 1` (tiny space, wasm, 16 trials, 3 rounds
 * interleaved): 19-30 trials/min on a thread against 20-30 on the main thread, within the noise
 * of the shared machine, for 63 MB more resident memory (257 -> 320 MB: a second TF.js and MNIST).
 */
export function workerTrainers(spec: string, local: Trainer, workers: number, options: TrainerOptions = {}, entry: string | null = trainerThreadEntry(), cwd: string = process.cwd()): WorkerTrainers {
  let localBackend: string | null = null;
  const onThisThread: Trainer = {
    name: local.name, description: local.description, space: local.space, direction: local.direction,
    train: async (params, context) => {
      const result = await local.train(params, context);
      localBackend = result?.backend ?? localBackend;
      return result;
    },
  };
  if (entry === null || workers === 1) {
    return { threaded: false, forWorker: () => onThisThread, backend: () => localBackend, close: async () => undefined };
  }
  const threads = Array.from({ length: workers }, () => new ThreadTrainer(entry, { spec, cwd, options }, local));
  return {
    threaded: true,
    forWorker: (index) => {
      const thread = threads[index];
      if (!thread) throw new RangeError(`worker ${index} is not one of the ${workers} worker loops`);
      return thread;
    },
    backend: () => threads.map((t) => t.backend()).find((b) => b !== null) ?? localBackend,
    close: async () => {
      await Promise.all(threads.map((t) => t.close()));
    },
  };
}

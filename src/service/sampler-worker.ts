import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../domain/errors';
import { loadPlugins } from '../plugins/load-plugins';
import { createSampler } from '../samplers/registry';
import { remainingMs, type SamplerJob, type WorkerFailure } from './sampler-runner';

/** Turns a thrown value into what crosses back to the main thread (DomainErrors keep code and field). */
function failure(error: unknown): WorkerFailure {
  if (error instanceof DomainError) return { message: error.message, code: error.code, field: error.field };
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * The sampler worker thread (see WorkerRunner): builds the job's sampler and runs it with the time
 * left until the job's absolute deadline, answering `{id, suggestions}` or `{id, error}`.
 */
loadPlugins((workerData as { plugins?: string[] } | null)?.plugins ?? []);

parentPort?.on('message', async ({ id, job }: { id: number; job: SamplerJob }) => {
  try {
    const sampler = createSampler(job.config, job.space);
    const suggestions = await sampler.suggest({ ...job.input, budget: { deadlineMs: remainingMs(job, Date.now()), now: Date.now } });
    parentPort?.postMessage({ id, suggestions });
  } catch (error) {
    parentPort?.postMessage({ id, error: failure(error) });
  }
});

import { parentPort } from 'node:worker_threads';
import { executeJob, toJobFailure, type SamplerJob } from '../service/sampler-job';

/**
 * A sampler thread of the SamplerPool: runs each job it is sent (executeJob) and answers
 * `{answer}` or `{error}`. What the samplers keep between jobs (the gp sampler's models and fits)
 * stays in this thread's memory, so the pool sends a study's jobs back here when it can.
 */
parentPort?.on('message', async (job: SamplerJob) => {
  try {
    parentPort?.postMessage({ answer: await executeJob(job, Date.now) });
  } catch (error) {
    parentPort?.postMessage({ error: toJobFailure(error) });
  }
});

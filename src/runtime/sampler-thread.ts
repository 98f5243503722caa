import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadPlugins } from '../plugins/load-plugins';
import { executeJob, toJobFailure, type SamplerJob } from '../service/sampler-job';

/**
 * NOTE: on Linux the nice value belongs to each thread, and setpriority on "process 0" sets the
 * calling thread's: the sampler threads run 5 nice levels below the process (at most 19), so on a
 * busy machine the event loop (healthz, tells, commits) gets the cores first. Elsewhere the call
 * would renice the whole process, so it is skipped. Measured on the shared 2-core machine (8
 * studies x 8 workers): 10 levels gave /healthz p99 101 ms at load average 17 against 165 ms without
 * at 11, but the threads then lost so much CPU to other processes that the model answered only
 * 63-80% of asks (90-100% without); 5 is the compromise, not tuned further on so noisy a machine.
 */
const SAMPLER_THREAD_NICE = 5;
if (process.platform === 'linux') {
  try {
    setPriority(Math.min(19, getPriority() + SAMPLER_THREAD_NICE));
  } catch {
    // not permitted here: the threads keep the process's priority
  }
}

/**
 * A sampler thread of the SamplerPool: runs each job it is sent (executeJob) and answers
 * `{answer}` or `{error}`. What the samplers keep between jobs (the gp sampler's models and fits)
 * stays in this thread's memory, so the pool sends a study's jobs back here when it can.
 */
loadPlugins((workerData as { plugins?: string[] } | null)?.plugins ?? []);

parentPort?.on('message', async (job: SamplerJob) => {
  try {
    parentPort?.postMessage({ answer: await executeJob(job, Date.now) });
  } catch (error) {
    parentPort?.postMessage({ error: toJobFailure(error) });
  }
});

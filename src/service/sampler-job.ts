import { type Deadline, remainingMs } from '../domain/deadline';
import { DomainError, type ErrorCode } from '../domain/errors';
import type { Params, SearchSpace } from '../domain/space';
import type { SamplerConfig } from '../domain/study';
import { modelBuilds } from '../samplers/gp/model';
import { summarizeModel } from '../samplers/gp/model-summary';
import { createSampler } from '../samplers/registry';
import type { ObservedTrial, SamplerInput, Suggestion } from '../samplers/sampler';
import { contourOf, type Contour, type ContourAxes } from './model-contour';

/**
 * One round of a study's sampler: `count` points for the history in `input` (plain,
 * structured-cloneable data: it may cross to a sampler thread), to answer by `deadline`.
 */
export interface SuggestJob {
  kind: 'suggest';
  studyId: string;
  config: SamplerConfig;
  input: Omit<SamplerInput, 'budget'>;
  deadline: Deadline;
  /** When the search's optional refinements should have ended (see SamplerInput.budget); absent: `deadline`. */
  refineBy?: Deadline;
}

/** The model summary of GET /model: the GP on the COMPLETE trials, with an optional contour. */
export interface SummaryJob {
  kind: 'summary';
  studyId: string;
  space: SearchSpace;
  completed: ObservedTrial[];
  /** The study's sampler seed (names the study's kept model, see summarizeModel). */
  seed: number;
  /** The contour's axes and grid, around `base` (the best trial's params); null for none. */
  contour: { axes: ContourAxes; base: Params; resolution: number; sign: number } | null;
  deadline: Deadline;
}

export type SamplerJob = SuggestJob | SummaryJob;

/** What a summary job answers: null below the GP's minimum history. */
export interface ModelView {
  importances: Record<string, number>;
  contour: Contour | null;
}

/** What any job answers: its suggestions or summary, and how many models it built (fits). */
export interface JobAnswer {
  suggestions?: Suggestion[];
  summary?: ModelView | null;
  fits: number;
}

/**
 * Where jobs run: inline (InlineRunner) or on the sampler threads of the runtime. A runner runs at
 * most one job of a study at a time, so a study's model state is built once and reused.
 */
export interface SamplerRunner {
  run(job: SamplerJob): Promise<JobAnswer>;
  close(): Promise<void>;
}

/**
 * Runs a job on the calling thread. A suggest job builds the study's sampler (the one instance of
 * its round) and gives it the time left until the job's deadline (at least 1 ms, so a late job still
 * answers with its cheap fallback). `now` reads epoch milliseconds.
 */
export async function executeJob(job: SamplerJob, now: () => number): Promise<JobAnswer> {
  const before = modelBuilds();
  if (job.kind === 'summary') {
    const summary = summarizeModel(job.space, job.completed, job.seed);
    const contour = summary && job.contour ? contourOf(summary, job.space, job.contour) : null;
    return { summary: summary && { importances: summary.importances, contour }, fits: modelBuilds() - before };
  }
  const sampler = createSampler(job.config, job.input.space);
  const deadlineMs = Math.max(1, remainingMs(job.deadline, now()));
  const budget = { deadlineMs, now, refineMs: job.refineBy ? Math.min(deadlineMs, Math.max(1, remainingMs(job.refineBy, now()))) : deadlineMs };
  const suggestions = await sampler.suggest({ ...job.input, budget });
  return { suggestions, fits: modelBuilds() - before };
}

/** Runs jobs on the event loop (embedding and tests run from TypeScript sources). */
export class InlineRunner implements SamplerRunner {
  constructor(private readonly now: () => number = Date.now) {}

  run(job: SamplerJob): Promise<JobAnswer> {
    return executeJob(job, this.now);
  }

  async close(): Promise<void> {}
}

/** A failure as it crosses a thread boundary. */
export interface JobFailure {
  message: string;
  code?: ErrorCode;
  field?: string;
}

/** Turns a thrown value into a JobFailure (DomainErrors keep code and field). */
export function toJobFailure(error: unknown): JobFailure {
  if (error instanceof DomainError) return { message: error.message, code: error.code, field: error.field };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The error a JobFailure stands for. */
export function fromJobFailure(failure: JobFailure | undefined): Error {
  if (failure?.code) return new DomainError(failure.code, failure.message, failure.field);
  return new Error(failure?.message ?? 'sampler thread failed');
}

import type { ApiModelSummary } from '../api/types';
import { LruCache } from '../core/lru-cache';
import { remainingMs, type Deadline } from '../domain/deadline';
import { DomainError } from '../domain/errors';
import { toLoss } from '../domain/objectives';
import type { Study } from '../domain/study';
import { HistoryKeyHasher } from '../samplers/gp/history-hash';
import { SUMMARY_MIN_TRIALS } from '../samplers/gp/model-summary';
import type { RoundSettings } from './ask-settings';
import { contourAxes } from './model-contour';
import type { JobAnswer, SummaryJob } from './sampler-job';

/** Query of GET /studies/{id}/model: optional contour axes and grid size (default 30). */
export interface ModelQuery {
  x?: string;
  y?: string;
  resolution?: number;
}

/** Studies whose model summaries are kept, and summaries (queries) kept per study. */
export const KEPT_SUMMARY_STUDIES = 64;
export const KEPT_SUMMARIES_PER_STUDY = 4;

/** One summary job of a study, running or done, and the history it summarises. */
interface KeptSummary {
  historyKey: string;
  answer: Promise<JobAnswer>;
  /** The answer once the job has completed (a request with no time left takes only this). */
  settled?: JobAnswer;
}

/**
 * The GP of a study's COMPLETE trials, summarised (importances from its length scales; the
 * posterior mean on an x-y grid around the best trial when x and y are given). The fit runs as a
 * job of the study on the sampler runner, like its asks, and reuses the model they keep. Past the
 * deadline `summary` throws DomainError('model_busy') (503 with Retry-After) and the job goes on;
 * its answer is kept, keyed by the study, the query and the COMPLETE trials' numbers and losses, so
 * a retry on the same history joins the job or takes its answer instead of starting another (which
 * on a slow machine could miss every deadline in turn). LRU over KEPT_SUMMARY_STUDIES studies and
 * KEPT_SUMMARIES_PER_STUDY queries each. Below the GP's minimum history, importances and contour are
 * null with a reason.
 */
export class StudyModels {
  private readonly kept = new LruCache<LruCache<KeptSummary>>(KEPT_SUMMARY_STUDIES);

  constructor(private readonly settings: RoundSettings) {}

  async summary(study: Study, query: ModelQuery, deadline: Deadline): Promise<ApiModelSummary> {
    const axes = contourAxes(study.space, query.x, query.y);
    const { completed } = (await this.settings.histories.snapshot(study)).history;
    const body: ApiModelSummary = { importances: null, importance_source: 'gp_length_scales', contour: null, complete_trials: completed.length };
    if (completed.length < SUMMARY_MIN_TRIALS) {
      return { ...body, reason: `the GP needs at least ${SUMMARY_MIN_TRIALS} COMPLETE trials (the study has ${completed.length})` };
    }
    const best = completed.reduce((a, b) => (b.loss < a.loss ? b : a));
    // toLoss is its own inverse, so loss * toLoss(1, direction) is the objective.
    const sign = toLoss(1, study.direction);
    const job: SummaryJob = {
      kind: 'summary',
      studyId: study.id,
      space: study.space,
      // The summary reads the first objective's loss only: a multi-objective study's other losses and constraints stay here.
      completed: completed.map(({ number, params, loss }) => ({ number, params, loss })),
      seed: study.sampler.seed ?? 0,
      contour: axes && { axes, base: best.params, resolution: query.resolution ?? 30, sign },
      deadline,
    };
    const kept = this.run(job);
    const answer = kept.settled ?? (await withinDeadline(kept.answer, remainingMs(deadline, this.settings.now())));
    return { ...body, importances: answer.summary?.importances ?? null, contour: answer.summary?.contour ?? null };
  }

  /** Forgets a study's summaries (when it is deleted). */
  evict(studyId: string): void {
    this.kept.delete(studyId);
  }

  /** The kept job of this study, query and history, or a new one on the runner. */
  private run(job: SummaryJob): KeptSummary {
    const queryKey = JSON.stringify(job.contour && [job.contour.axes, job.contour.resolution]);
    // A COMPLETE trial's params never change, so its number and loss name it within the study.
    const hasher = new HistoryKeyHasher();
    for (const t of job.completed) hasher.mix(`${t.number}|${t.loss};`);
    const historyKey = hasher.key();
    const summaries = this.kept.get(job.studyId) ?? new LruCache<KeptSummary>(KEPT_SUMMARIES_PER_STUDY);
    this.kept.set(job.studyId, summaries);
    const kept = summaries.get(queryKey);
    if (kept?.historyKey === historyKey) return kept;
    const answer = this.settings.runner.run(job);
    const entry: KeptSummary = { historyKey, answer };
    summaries.set(queryKey, entry);
    answer.then(
      // The fit is counted when it completes, also after the request has had its 503.
      (a) => {
        entry.settled = a;
        this.settings.observer.fitted('gp', a.fits);
      },
      // A failed job is not kept: the next request starts another.
      () => summaries.get(queryKey) === entry && summaries.delete(queryKey),
    );
    return entry;
  }
}

/**
 * The job's answer, or DomainError('model_busy') after `ms` milliseconds (the job runs on); at
 * once when no time is left. NOTE: a timer of 0 ms raced the job's answer from the sampler
 * thread, so a request past its deadline sometimes got a fresh summary and sometimes a 503
 * (test/e2e/model-summaries.test.ts failed once that way in CI).
 */
function withinDeadline(job: Promise<JobAnswer>, ms: number): Promise<JobAnswer> {
  if (ms <= 0) return Promise.reject(busy(ms));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(busy(ms)), ms);
  });
  return Promise.race([job, late]).finally(() => clearTimeout(timer));
}

/** The model_busy error of a request that had `ms` milliseconds for its summary. */
function busy(ms: number): DomainError {
  return new DomainError('model_busy', `the model was not fitted within ${Math.max(0, ms)} ms; it is still being fitted, retry shortly`);
}

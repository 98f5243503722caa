import type { ApiModelSummary } from '../api/types';
import { remainingMs, type Deadline } from '../domain/deadline';
import { DomainError } from '../domain/errors';
import { toLoss } from '../domain/objectives';
import type { Study } from '../domain/study';
import { SUMMARY_MIN_TRIALS } from '../samplers/gp/model-summary';
import type { AskSettings } from './ask-settings';
import { contourAxes } from './model-contour';
import type { JobAnswer, SummaryJob } from './sampler-job';

/** Query of GET /studies/{id}/model: optional contour axes and grid size (default 30). */
export interface ModelQuery {
  x?: string;
  y?: string;
  resolution?: number;
}

/**
 * The GP of a study's COMPLETE trials, summarised (importances from its length scales; the
 * posterior mean on an x-y grid around the best trial when x and y are given). The fit runs as a
 * job of the study on the sampler runner, like its asks, and reuses the model they keep. Past
 * `deadline` it throws DomainError('model_busy') (503 with Retry-After); the fit goes on, so a
 * retry finds it. Below the GP's minimum history, importances and contour are null with a reason.
 */
export async function studyModel(study: Study, query: ModelQuery, deadline: Deadline, settings: AskSettings): Promise<ApiModelSummary> {
  const axes = contourAxes(study.space, query.x, query.y);
  const { completed } = (await settings.histories.snapshot(study)).history;
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
  const running = settings.runner.run(job);
  // The fit is counted when it completes, also after the request has had its 503.
  running.then((a) => settings.observer.fitted('gp', a.fits), () => undefined);
  const answer = await withinDeadline(running, remainingMs(job.deadline, settings.now()));
  return { ...body, importances: answer.summary?.importances ?? null, contour: answer.summary?.contour ?? null };
}

/** The job's answer, or DomainError('model_busy') after `ms` milliseconds (the job runs on). */
function withinDeadline(job: Promise<JobAnswer>, ms: number): Promise<JobAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DomainError('model_busy', `the model was not fitted within ${ms} ms; it is still being fitted, retry shortly`)), ms);
  });
  return Promise.race([job, late]).finally(() => clearTimeout(timer));
}

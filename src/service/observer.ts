/**
 * What the service tells the outside world about its work (metrics and logs are wired to this by
 * the composition root, so the service itself depends on neither).
 */
export interface ServiceObserver {
  /** One ask finished: `trials` handed out, `seconds` spent, with the study's sampler type. */
  asked(sampler: string, trials: number, seconds: number): void;
  /** One tell applied with the resulting state. */
  told(state: string, seconds: number): void;
  /**
   * A cheaper strategy (or, for 'spare', a point drawn for an earlier round) answered instead of
   * the study's sampler, and why: `reason` is the trial's `reason.fallback`, whose text before the
   * first ':' names its kind ('deadline', 'spare', 'sampler error', ...). Once per trial handed
   * out with a fallback, at its commit (and once per sampler failure of a partial-params fill).
   */
  fellBack(sampler: string, reason: string, studyId: string): void;
  /** A sampler job built `models` models (GP fits: hyperparameters at anchors, Cholesky factor). */
  fitted(sampler: string, models: number): void;
  /** Trials failed by the lease reaper. */
  reaped(trialIds: string[]): void;
}

/** An observer that ignores everything (embedding without metrics). */
export const silentObserver: ServiceObserver = {
  asked: () => undefined,
  told: () => undefined,
  fellBack: () => undefined,
  fitted: () => undefined,
  reaped: () => undefined,
};

/** The kind of a fallback reason (ServiceObserver.fellBack): its text before the first ':'. */
export function fallbackKind(reason: string): string {
  return reason.split(':')[0] as string;
}

import type { Rng } from '../rng';
import type { Acquisition } from './acquisition';
import { LogExpectedImprovement } from './log-expected-improvement';
import type { Posterior } from './posterior';
import { ThompsonSample } from './thompson-sampling';
import { UpperConfidenceBound } from './upper-confidence-bound';

/** What an acquisition may need besides the posterior: the incumbent, UCB's weight, a stream. */
export interface AcquisitionSettings {
  /** The best (lowest) posterior-mean target among the training points; log EI improves on it. */
  bestTarget: number;
  /** UCB's exploration weight: mean - sqrt(beta) sd. */
  beta: number;
  /** Thompson sampling draws its sample path from it; the others leave it untouched. */
  rng: Rng;
}

/** One acquisition: the name suggestion reasons record, and how to build it on a posterior. */
export interface AcquisitionKind {
  /** `reason.acquisition` of its suggestions; stored with trials, so it never changes. */
  readonly reason: string;
  /** True when its values are logs, so a log P(success) may be added (FeasibilityWeighted). */
  readonly logSpace: boolean;
  create(posterior: Posterior, settings: AcquisitionSettings): Acquisition;
}

/**
 * The one table of acquisitions, keyed by the API's option value (`sampler.acquisition` of a gp
 * study). Each row gives the reason name its suggestions record and the class that computes it:
 * - `ei`: reason `log_ei`, LogExpectedImprovement;
 * - `ts`: reason `thompson`, ThompsonSample;
 * - `ucb`: reason `ucb`, UpperConfidenceBound.
 * Both kinds of name are part of the API (options, stored reasons) and must stay as they are.
 */
export const ACQUISITION_KINDS = {
  ei: { reason: 'log_ei', logSpace: true, create: (posterior, s) => new LogExpectedImprovement(posterior, s.bestTarget) },
  ts: { reason: 'thompson', logSpace: false, create: (posterior, s) => new ThompsonSample(posterior, s.rng) },
  ucb: { reason: 'ucb', logSpace: false, create: (posterior, s) => new UpperConfidenceBound(posterior, s.beta) },
} as const satisfies Record<string, AcquisitionKind>;

/** An acquisition option value of the API: 'ei', 'ts' or 'ucb'. */
export type AcquisitionOption = keyof typeof ACQUISITION_KINDS;

/** The option values in the table's order (the first, 'ei', is the default). */
export const ACQUISITION_OPTIONS = Object.keys(ACQUISITION_KINDS) as AcquisitionOption[];

/** The reason of a log-space acquisition weighted by P(success): e.g. 'log_ei*p_success'. */
export function feasibilityWeightedReason(kind: AcquisitionKind): string {
  return `${kind.reason}*p_success`;
}

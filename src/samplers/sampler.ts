import type { Params, SearchSpace } from '../domain/space';
import type { SuggestionReason } from '../domain/trial';

/** A finished trial as samplers see it. `loss` is the objective turned so that lower is better. */
export interface ObservedTrial {
  number: number;
  params: Params;
  /**
   * Objective to minimise: the value for `minimize` studies, its negation for `maximize`. On a
   * multi-objective study, the first objective's loss (samplers that handle several objectives read
   * `losses`).
   */
  loss: number;
  /**
   * Every objective as a loss (lower is better), in the study's objective order; length is
   * `SamplerInput.objectiveCount`. Present when the study has more than one objective or any
   * constraint; absent otherwise (then `[loss]` is implied).
   */
  losses?: number[];
  /**
   * Each outcome constraint in "g <= 0 holds" form (constraintSlacks in domain/objectives), in the
   * study's constraint order; length is `SamplerInput.constraintCount`. Present when the study has
   * constraints. The trial is feasible when every entry is <= 0.
   */
  constraints?: number[];
}

/**
 * Everything a sampler may use for one ask. Samplers are stateless: the service rebuilds this from
 * storage on every ask, so any replica gives the same answer for the same history and seed.
 */
export interface SamplerInput {
  space: SearchSpace;
  /** COMPLETE trials, in trial-number order. Failed trials never appear here. */
  completed: ObservedTrial[];
  /** PRUNED trials with their last reported loss (may be absent when nothing was reported). */
  pruned: { number: number; params: Params; loss: number | null }[];
  /**
   * Params of FAIL trials (crashed, out of memory, diverged), in trial-number order: no value, but
   * a region to avoid. Optional: absent means none.
   */
  failed?: { number: number; params: Params }[];
  /** Params of RUNNING and WAITING trials (other workers' points), to keep away from. */
  pending: Params[];
  /**
   * How many objectives the study has (1 to 4; absent means 1). A sampler that handles only one
   * must say so through its factory's `objectives` (the service then refuses the study with 400).
   */
  objectiveCount?: number;
  /** How many outcome constraints the study has (0 to 8; absent means 0). */
  constraintCount?: number;
  /** How many suggestions to return (>= 1, capped by the service). */
  count: number;
  /**
   * How many of the `count` points the ask itself asked for (1 to count; absent: all): a round that
   * merges the asks of several workers (service/ask-rounds.ts) draws the first ask's points with a
   * search each, and a model-based sampler may draw the others' more cheaply (gp: FollowerPool).
   */
  searchedPoints?: number;
  /**
   * How many spare points to draw after the `count` ones (absent: 0), returned after them: points
   * held for asks of the study whose deadline comes before their own round (service/ask-rounds.ts),
   * conditioned on the `count` points. A sampler may return fewer (gp: from its round's pool of
   * candidates, FollowerPool; other samplers: none), and the `count` points do not depend on it.
   */
  sparePoints?: number;
  /** Seed for this ask, derived from the study's seed and the study's trial count. */
  seed: number;
  /**
   * Milliseconds the sampler may spend; past it, a model-based sampler must return a cheaper
   * suggestion with `fallback` set in the reason. `now()` reads a clock in milliseconds.
   * `refineMs` (at most `deadlineMs`; absent: `deadlineMs`) is when optional refinements of the
   * search should have ended: the first fallback of a round's asks, all of which are answered when
   * the round ends (service/ask-rounds.ts).
   */
  budget: { deadlineMs: number; now: () => number; refineMs?: number };
  /** Number of trials the study has (all states): used by samplers that enumerate (grid). */
  trialCount: number;
  /**
   * The study's sampler seed, constant for the study's life (unlike `seed`, which changes per ask).
   * Samplers that continue one stream across asks (the Sobol scramble) use it; when absent they
   * derive a constant from the space.
   */
  studySeed?: number;
}

/** The kind (text before ':') of `reason.detail` on a gp sampler's initial design point. */
export const INITIAL_DESIGN = 'initial design';
/** The kind of `reason.detail` on a TPE sampler's random startup point (n_startup_trials). */
export const STARTUP = 'startup';
/** The kind of `reason.detail` on a genetic sampler's initial population point. */
export const INITIAL_POPULATION = 'initial population';
const PLANNED_START: ReadonlySet<string> = new Set([INITIAL_DESIGN, STARTUP, INITIAL_POPULATION]);

/**
 * Whether a suggestion is part of its sampler's planned start (the gp's initial design, TPE's
 * startup trials, the genetic sampler's initial population), by the kind of its `reason.detail`.
 * A planned start is the study's plan, not a cheaper strategy standing in for the sampler, so its
 * reason carries no `fallback` (until 2026-12-01 the gp's and TPE's did).
 */
export function isPlannedStart(reason: Pick<SuggestionReason, 'detail'>): boolean {
  return reason.detail !== undefined && PLANNED_START.has(reason.detail.split(':')[0] as string);
}

/** One suggested configuration and why it was chosen. */
export interface Suggestion {
  params: Params;
  reason: SuggestionReason;
}

/**
 * A search strategy. `suggest` returns exactly `input.count` suggestions, each holding exactly the
 * active parameters of the space; for continuous spaces, no two are equal nor equal to a pending
 * point. It must be deterministic given the input (the seed drives every random choice).
 */
export interface Sampler {
  readonly type: string;
  /**
   * What of the study's history the sampler reads (default 'full'). A 'count' sampler uses only
   * `trialCount` (and the seeds): the service then skips loading the trials, so an ask costs the
   * same at trial 10 and at trial 100,000, and passes empty `completed`, `pruned` and `pending`.
   */
  readonly history?: HistoryNeed;
  /**
   * True when suggestion i is the point for trial number `trialCount + i`, a function of the seeds
   * and the history before that number (random, Sobol, grid). The service then asks for a window
   * of points past the count it read and the commit appends the points of the numbers it assigns,
   * so concurrent asks on any replica get distinct points (P2). Such a sampler may return fewer
   * than `count` (at least one) when its points run out, as a grid does.
   */
  readonly byTrialNumber?: boolean;
  suggest(input: SamplerInput): Promise<Suggestion[]>;
}

/** 'full': every trial of the study; 'count': only how many trials it has. */
export type HistoryNeed = 'full' | 'count';

/**
 * A strategy's entry in the registry: checks the options of `{"type": ..., ...}` at study
 * creation (throwing DomainError('invalid_sampler', ..., 'sampler.<option>')) and returns the
 * normalised options with defaults filled in, then builds the sampler from them.
 */
export interface SamplerFactory {
  readonly type: string;
  readonly description: string;
  /** What its samplers read of the history (as Sampler.history; default 'full'), known before building one. */
  readonly history?: HistoryNeed;
  /** Whether its samplers number their points (as Sampler.byTrialNumber), known before building one. */
  readonly byTrialNumber?: boolean;
  /**
   * True when its samplers handle studies with several objectives (reading `losses`); a study with
   * more than one objective and a sampler without it is refused at creation with 400.
   */
  readonly multiObjective?: boolean;
  normalize(options: Record<string, unknown>, space: SearchSpace): Record<string, unknown>;
  create(options: Record<string, unknown>, space: SearchSpace): Sampler;
}

/** What a strategy supplies to become a SamplerFactory through defineSampler. */
export interface SamplerDefinition<O extends object> {
  readonly type: string;
  readonly description: string;
  /** Checks raw options (throwing DomainError('invalid_sampler', ..., 'sampler.<option>')) and fills defaults. */
  options(raw: Record<string, unknown>, space: SearchSpace): O;
  /** Builds the sampler of normalised options. */
  build(options: O, space: SearchSpace): Sampler;
  /** What the sampler reads of the history (see SamplerFactory.history); 'full' when absent. */
  readonly history?: HistoryNeed;
  /** Whether the sampler numbers its points (see SamplerFactory.byTrialNumber). */
  readonly byTrialNumber?: boolean;
  /** Whether the sampler handles several objectives (see SamplerFactory.multiObjective). */
  readonly multiObjective?: boolean;
}

/**
 * The one SamplerFactory shape: `normalize` returns the checked options as stored with the study,
 * `create` checks the stored options again (they come back from storage as plain JSON) and builds.
 */
export function defineSampler<O extends object>(definition: SamplerDefinition<O>): SamplerFactory {
  return {
    type: definition.type,
    description: definition.description,
    normalize: (raw, space) => ({ ...definition.options(raw, space) }) as Record<string, unknown>,
    create: (raw, space) => definition.build(definition.options(raw, space), space),
    ...(definition.history === undefined ? {} : { history: definition.history }),
    ...(definition.byTrialNumber === undefined ? {} : { byTrialNumber: definition.byTrialNumber }),
    ...(definition.multiObjective === undefined ? {} : { multiObjective: definition.multiObjective }),
  };
}

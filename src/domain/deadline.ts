/**
 * When a piece of work must answer: `startedAt` and `at` are epoch milliseconds (`at` >= `startedAt`).
 * One plain value from a request's arrival down to the sampler thread (it crosses threads by
 * structured clone), so the deadline is never re-expressed on the way.
 */
export interface Deadline {
  readonly startedAt: number;
  readonly at: number;
}

/** A deadline `budgetMs` milliseconds after `startedAt` (epoch ms). */
export function deadlineAfter(startedAt: number, budgetMs: number): Deadline {
  return { startedAt, at: startedAt + Math.max(0, budgetMs) };
}

/** Milliseconds left at `now` (epoch ms); 0 once the deadline has passed. */
export function remainingMs(deadline: Deadline, now: number): number {
  return Math.max(0, deadline.at - now);
}

/** The later of two deadlines (the earlier start). */
export function laterDeadline(a: Deadline, b: Deadline): Deadline {
  return { startedAt: Math.min(a.startedAt, b.startedAt), at: Math.max(a.at, b.at) };
}

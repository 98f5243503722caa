/**
 * Learning-rate schedules as pure functions lr(t) of a step counter t = 0, 1, 2, ... in the
 * schedule's unit (`unit`: epochs or batches). Rates are positive; lr(0) is the base rate except for
 * `cyclic`, which starts at its low rate (the base rate).
 */
export type LearningRateSchedule =
  | { kind: 'fixed'; base: number }
  /** lr(t) = base * rate^t, applied per epoch. */
  | { kind: 'exponential'; base: number; rate: number }
  /** lr(t) = base * drop^floor(t / interval), applied per epoch. */
  | { kind: 'step'; base: number; drop: number; interval: number }
  /**
   * Triangular cyclic rate (Smith 2017) per batch: rises linearly from `base` to `high` over half a
   * cycle of `cycleLength` batches, falls back over the other half, and repeats.
   */
  | { kind: 'cyclic'; base: number; high: number; cycleLength: number };

/** The `lr_schedule` choices, in space order. */
export const SCHEDULE_KINDS = ['fixed', 'exponential', 'step', 'cyclic'] as const;

/** The unit the schedule's counter counts. */
export function scheduleUnit(schedule: LearningRateSchedule): 'epoch' | 'batch' {
  return schedule.kind === 'cyclic' ? 'batch' : 'epoch';
}

/** The learning rate at step t (t >= 0, an integer in the schedule's unit). */
export function learningRateAt(schedule: LearningRateSchedule, t: number): number {
  switch (schedule.kind) {
    case 'fixed':
      return schedule.base;
    case 'exponential':
      return schedule.base * schedule.rate ** t;
    case 'step':
      return schedule.base * schedule.drop ** Math.floor(t / schedule.interval);
    case 'cyclic': {
      const half = schedule.cycleLength / 2;
      const cycle = Math.floor(1 + t / (2 * half));
      const x = Math.abs(t / half - 2 * cycle + 1);
      return schedule.base + (schedule.high - schedule.base) * Math.max(0, 1 - x);
    }
  }
}

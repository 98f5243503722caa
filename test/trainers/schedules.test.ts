import { learningRateAt, scheduleUnit, type LearningRateSchedule } from '../../trainers/shared/schedules';
import { readTrainingConfig } from '../../trainers/shared/training-space';

const steps = Array.from({ length: 12 }, (_, t) => t);

describe('learning-rate schedules match their formulas step by step', () => {
  it('fixed keeps the base rate', () => {
    expect(steps.map((t) => learningRateAt({ kind: 'fixed', base: 0.1 }, t))).toEqual(steps.map(() => 0.1));
  });

  it('exponential is base * rate^t', () => {
    const schedule: LearningRateSchedule = { kind: 'exponential', base: 0.2, rate: 0.9 };
    for (const t of steps) expect(learningRateAt(schedule, t)).toBeCloseTo(0.2 * 0.9 ** t, 15);
  });

  it('step drops by the factor every interval', () => {
    const schedule: LearningRateSchedule = { kind: 'step', base: 1, drop: 0.5, interval: 3 };
    expect(steps.map((t) => learningRateAt(schedule, t))).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125]);
  });

  it('cyclic rises linearly to high over half a cycle and falls back (triangular)', () => {
    const schedule: LearningRateSchedule = { kind: 'cyclic', base: 0.1, high: 0.5, cycleLength: 8 };
    const expected = [0.1, 0.2, 0.3, 0.4, 0.5, 0.4, 0.3, 0.2, 0.1, 0.2, 0.3, 0.4];
    steps.forEach((t) => expect(learningRateAt(schedule, t)).toBeCloseTo(expected[t] as number, 12));
  });

  it('runs cyclic per batch and the others per epoch, sizing the cycle from the batch count', () => {
    const params = { optimizer: 'sgd', learning_rate: 0.01, batch_size: 10, epochs: 2, init: 'glorot' };
    const cyclic = readTrainingConfig({ ...params, lr_schedule: 'cyclic', lr_cyclic_high_factor: 4, lr_cyclic_epochs: 2 }, 95);
    expect(cyclic.schedule).toEqual({ kind: 'cyclic', base: 0.01, high: 0.04, cycleLength: 20 });
    expect(scheduleUnit(cyclic.schedule)).toBe('batch');
    expect(scheduleUnit(readTrainingConfig({ ...params, lr_schedule: 'step', lr_step_drop: 0.5, lr_step_interval: 2 }, 95).schedule)).toBe('epoch');
  });
});

import { namedPredictions } from '../../../src/domain/named-predictions';
import type { ObjectiveSpec } from '../../../src/domain/objectives';

const spec: ObjectiveSpec = {
  objectives: [
    { name: 'val_loss', direction: 'minimize' },
    { name: 'accuracy', direction: 'maximize' },
  ],
  constraints: [
    { name: 'memory_mb', max: 512 },
    { name: 'constructor', min: 0.9 },
    { name: 'band', min: 1, max: 2 },
  ],
};

describe('namedPredictions', () => {
  test('maps losses and slacks back to metric units by name', () => {
    const reason = namedPredictions(spec, {
      strategy: 'gp',
      predicted_objectives: [{ mean: 0.2, std: 0.1 }, { mean: -0.8, std: 0.05 }],
      predicted_constraints: [{ mean: -12, std: 3 }, { mean: 0.05, std: 0.01 }, { mean: -0.2, std: 0.1 }],
      probability_feasible: 0.4,
    });
    expect(reason.predicted_objectives).toBeUndefined();
    expect(reason.predicted_constraints).toBeUndefined();
    expect(reason.probability_feasible).toBe(0.4);
    const predicted = reason.predicted!;
    expect(Object.getPrototypeOf(predicted)).toBeNull();
    expect(predicted.val_loss).toEqual({ mean: 0.2, std: 0.1 });
    expect(predicted.accuracy).toEqual({ mean: 0.8, std: 0.05 });
    expect(predicted.memory_mb).toEqual({ mean: 500, std: 3 });
    expect(predicted.constructor).toEqual({ mean: 0.85, std: 0.01 });
    expect('band' in predicted).toBe(false);
  });

  test('a reason without predictions is unchanged', () => {
    const reason = { strategy: 'random' };
    expect(namedPredictions(spec, reason)).toBe(reason);
  });
});

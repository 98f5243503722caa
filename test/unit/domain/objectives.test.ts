import fc from 'fast-check';
import {
  checkMetricValues,
  checkObjectiveSpec,
  constrainedDominates,
  constraintSlacks,
  constraintViolations,
  dominates,
  lossVector,
  nondominatedRanks,
  paretoFrontIndices,
  type ObjectiveSpec,
} from '../../../src/domain/objectives';
import { DomainError } from '../../../src/domain/errors';

const vector = (m: number) => fc.array(fc.integer({ min: 0, max: 4 }), { minLength: m, maxLength: m });
const cloud = (m: number) => fc.array(vector(m), { minLength: 1, maxLength: 25 });

describe('dominance', () => {
  test('is irreflexive, asymmetric and transitive', () => {
    fc.assert(
      fc.property(vector(3), vector(3), vector(3), (a, b, c) => {
        expect(dominates(a, a)).toBe(false);
        if (dominates(a, b)) expect(dominates(b, a)).toBe(false);
        if (dominates(a, b) && dominates(b, c)) expect(dominates(a, c)).toBe(true);
      }),
    );
  });

  test('the Pareto front holds exactly the points no other point dominates', () => {
    fc.assert(
      fc.property(cloud(3), (points) => {
        const front = new Set(paretoFrontIndices(points));
        points.forEach((p, i) => {
          const dominated = points.some((q) => dominates(q, p));
          expect(front.has(i)).toBe(!dominated);
        });
      }),
    );
  });

  test('constrained domination puts feasible first, then smaller violation', () => {
    expect(constrainedDominates({ losses: [9, 9], violations: [0] }, { losses: [0, 0], violations: [0.1] })).toBe(true);
    expect(constrainedDominates({ losses: [9, 9], violations: [0.1] }, { losses: [0, 0], violations: [0.2] })).toBe(true);
    expect(constrainedDominates({ losses: [0, 0], violations: [0.2] }, { losses: [9, 9], violations: [0.2] })).toBe(false);
    expect(constrainedDominates({ losses: [0, 1], violations: [0] }, { losses: [1, 1], violations: [0] })).toBe(true);
  });

  test('non-dominated ranks: rank 0 is the front, and each rank r > 0 is dominated by some rank r - 1', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(vector(2), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 30 }), (rows) => {
        const outcomes = rows.map(([losses, v]) => ({ losses, violations: [v] }));
        const ranks = nondominatedRanks(outcomes);
        outcomes.forEach((o, i) => {
          expect(ranks[i]).toBeGreaterThanOrEqual(0);
          const beaten = outcomes.filter((p, j) => ranks[j] === ranks[i]! - 1 && constrainedDominates(p, o));
          if (ranks[i]! > 0) expect(beaten.length).toBeGreaterThan(0);
          outcomes.forEach((p, j) => {
            if (constrainedDominates(p, o)) expect(ranks[j]).toBeLessThan(ranks[i]!);
          });
        });
      }),
    );
  });
});

describe('objective spec', () => {
  const spec: ObjectiveSpec = {
    objectives: [
      { name: 'val_loss', direction: 'minimize' },
      { name: 'accuracy', direction: 'maximize' },
    ],
    constraints: [
      { name: 'memory_mb', max: 512 },
      { name: 'band', min: 1, max: 2 },
    ],
  };

  test('losses, violations and slacks follow directions and bounds', () => {
    const values = new Map([
      ['val_loss', 0.2],
      ['accuracy', 0.9],
      ['memory_mb', 600],
      ['band', 1.5],
    ]);
    expect(lossVector(spec, values)).toEqual([0.2, -0.9]);
    expect(constraintViolations(spec, values)).toEqual([88, 0]);
    expect(constraintSlacks(spec, values)).toEqual([88, -0.5]);
  });

  test('a tell must name every metric, no other, with finite numbers', () => {
    const ok = { val_loss: 1, accuracy: 0.5, memory_mb: 3, band: 1 };
    expect([...checkMetricValues(spec, ok).keys()]).toEqual(['val_loss', 'accuracy', 'memory_mb', 'band']);
    const field = (values: Record<string, unknown>): string | undefined => {
      try {
        checkMetricValues(spec, values);
        return undefined;
      } catch (error) {
        return (error as DomainError).field;
      }
    };
    expect(field({ ...ok, extra: 1 })).toBe('values.extra');
    expect(field({ accuracy: 0.5, memory_mb: 3, band: 1 })).toBe('values.val_loss');
    expect(field({ ...ok, band: Number.NaN })).toBe('values.band');
    expect(field({ ...ok, band: '1' })).toBe('values.band');
    expect(field(Object.assign(Object.create({ val_loss: 1 }) as object, { accuracy: 0.5, memory_mb: 3, band: 1 }))).toBe('values.val_loss');
  });

  test('bad specs name the field', () => {
    const field = (s: ObjectiveSpec): string | undefined => {
      try {
        checkObjectiveSpec(s);
        return undefined;
      } catch (error) {
        return (error as DomainError).field;
      }
    };
    expect(field(spec)).toBeUndefined();
    expect(field({ objectives: [], constraints: [] })).toBe('objectives');
    expect(field({ ...spec, constraints: [{ name: 'val_loss', max: 1 }] })).toBe('constraints.0.name');
    expect(field({ ...spec, constraints: [{ name: 'x' }] })).toBe('constraints.0');
    expect(field({ ...spec, constraints: [{ name: 'x', min: 2, max: 1 }] })).toBe('constraints.0');
    expect(field({ ...spec, objectives: [{ name: '__proto__', direction: 'minimize' }] })).toBe('objectives.0.name');
  });
});

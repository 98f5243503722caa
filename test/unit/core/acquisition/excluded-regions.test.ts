import type { Acquisition } from '../../../../src/core/acquisition/acquisition';
import { ExcludedRegions, type FeatureRegion } from '../../../../src/core/acquisition/excluded-regions';

/** -(x0^2 + x1^2) with its gradient; marks itself as reusing a value (see Acquisition.gradientAfterValue). */
const bowl: Acquisition = {
  gradientAfterValue: true,
  value(x, grad) {
    grad?.set([-2 * (x[0] as number), -2 * (x[1] as number)]);
    return -((x[0] as number) ** 2 + (x[1] as number) ** 2);
  },
  values(points, floor) {
    // Skips (as -Infinity) what lies below the floor, as a screening acquisition may.
    return Float64Array.from(points, (x) => {
      const v = this.value(x);
      return floor !== undefined && v < floor ? -Infinity : v;
    });
  },
};

describe('ExcludedRegions', () => {
  it('tests the regions once for a value then a gradient at the same point, and again once the point changes in place', () => {
    let tests = 0;
    const leftHalf: FeatureRegion = {
      contains: (x) => {
        tests++;
        return (x[0] as number) < 0;
      },
    };
    const acquisition = new ExcludedRegions(bowl, [leftHalf]);
    expect(acquisition.gradientAfterValue).toBe(true);
    const x = Float64Array.from([0.5, 0.25]);
    const grad = new Float64Array(2);
    expect(acquisition.value(x)).toBe(-0.3125);
    expect(acquisition.value(x, grad)).toBe(-0.3125);
    expect(Array.from(grad)).toEqual([-1, -0.5]);
    expect(tests).toBe(1);
    x[0] = -0.5;
    expect(acquisition.value(x, grad)).toBe(-Infinity);
    expect(Array.from(grad)).toEqual([0, 0]);
    expect(tests).toBe(2);
    x[0] = 0.5;
    expect(acquisition.value(x)).toBe(-0.3125);
    expect(tests).toBe(3);
  });

  it('tests first the region that held the last excluded point, with the same answers', () => {
    const tested: string[] = [];
    const region = (name: string, holds: (x: Float64Array) => boolean): FeatureRegion => ({
      contains: (x) => {
        tested.push(name);
        return holds(x);
      },
    });
    const acquisition = new ExcludedRegions(bowl, [region('left', (x) => (x[0] as number) < 0), region('low', (x) => (x[1] as number) < 0)]);
    expect(acquisition.values([Float64Array.from([0.5, -0.5]), Float64Array.from([0.5, 0.5])])).toEqual(Float64Array.from([-Infinity, -0.5]));
    expect(tested).toEqual(['left', 'low', 'low', 'left']);
    tested.length = 0;
    expect(acquisition.value(Float64Array.from([-0.5, 0.5]))).toBe(-Infinity);
    expect(acquisition.value(Float64Array.from([-0.5, -0.5]))).toBe(-Infinity);
    expect(tested).toEqual(['low', 'left', 'left']);
  });

  it('with a floor, tests membership only of the points the inner acquisition did not skip, with the same values', () => {
    let tests = 0;
    const leftHalf: FeatureRegion = { contains: (x) => (tests++, (x[0] as number) < 0) };
    const points = [[0.1, 0.1], [-0.1, 0.1], [2, 2], [-2, 2], [0.3, -0.2]].map((p) => Float64Array.from(p));
    const acquisition = new ExcludedRegions(bowl, [leftHalf]);
    const floored = acquisition.values(points, -1);
    expect(Array.from(floored, (v) => (v === -Infinity ? v : Number(v.toFixed(12))))).toEqual([-0.02, -Infinity, -Infinity, -Infinity, -0.13]);
    // The two points below the floor (|x|^2 = 8) were never tested.
    expect(tests).toBe(3);
    const full = acquisition.values(points);
    floored.forEach((v, j) => v !== -Infinity && expect(full[j]).toBeCloseTo(v, 12));
  });
});

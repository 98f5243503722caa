import { minimizeLbfgs } from '../../../../src/core/optimize/lbfgs';

/** Rosenbrock in 2-d, f and its gradient, counting the calls in `calls`. */
function rosenbrock(calls: { fg: number; value: number }): { fg: (x: Float64Array, g: Float64Array) => number; value: (x: Float64Array) => number } {
  const f = (x: Float64Array): number => (1 - (x[0] as number)) ** 2 + 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2;
  return {
    fg: (x, g) => {
      calls.fg++;
      const [a, b] = [x[0] as number, x[1] as number];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return f(x);
    },
    value: (x) => {
      calls.value++;
      return f(x);
    },
  };
}

describe('minimizeLbfgs', () => {
  it('with a value-only function, takes the same steps and calls the gradient only at accepted points', () => {
    for (const box of [{}, { lower: [-0.5, -0.5], upper: [0.8, 2] }]) {
      const plainCalls = { fg: 0, value: 0 };
      const plain = minimizeLbfgs(rosenbrock(plainCalls).fg, [-1.2, 1], { ...box, maxIterations: 200 });
      const lazyCalls = { fg: 0, value: 0 };
      const objective = rosenbrock(lazyCalls);
      const lazy = minimizeLbfgs(objective.fg, [-1.2, 1], { ...box, maxIterations: 200, value: objective.value });
      expect([Array.from(lazy.x), lazy.value, lazy.iterations]).toEqual([Array.from(plain.x), plain.value, plain.iterations]);
      // One gradient at the start and one per accepted step; every trial (accepted or not) costs a value.
      expect(lazyCalls.fg).toBeLessThanOrEqual(lazy.iterations + 1);
      expect(lazyCalls.value).toBe(plainCalls.fg - 1);
      expect(lazyCalls.fg).toBeLessThan(plainCalls.fg);
    }
  });
});

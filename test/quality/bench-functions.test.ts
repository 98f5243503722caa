import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCHMARK_FUNCTIONS, benchmarkFunction } from '../../bench/functions';
import { validateParams, validateSpace } from '../../src/core/space';
import type { Params, SearchSpace } from '../../src/domain/space';

/** The shared reference values (outside the repository); the tests skip with a message without them. */
const VECTORS = path.resolve(__dirname, '..', '..', '..', 'shared', 'bench', 'test-vectors.json');

interface Vector {
  space: SearchSpace;
  f_star: number;
  x_star: Params;
  f_at_x_star: number;
  samples: { params: Params; value: number }[];
}

describe('regret-suite functions against the shared test vectors', () => {
  if (!existsSync(VECTORS)) {
    it.skip(`skipped: ${VECTORS} is absent`, () => undefined);
    return;
  }
  const vectors = (JSON.parse(readFileSync(VECTORS, 'utf8')) as { functions: Record<string, Vector> }).functions;

  it('covers every function of the suite', () => {
    expect(Object.keys(vectors).sort()).toEqual(BENCHMARK_FUNCTIONS.map((f) => f.name).sort());
  });

  for (const { name } of BENCHMARK_FUNCTIONS) {
    it(`${name}: same space and f*, f at the minimiser and at 6 sample points`, () => {
      const v = vectors[name] as Vector;
      const fn = benchmarkFunction(name);
      expect(validateSpace(fn.space)).toEqual(validateSpace(v.space));
      expect(fn.fStar).toBeCloseTo(v.f_star, 12);
      expect(fn.evaluate(validateParams(fn.space, v.x_star))).toBeCloseTo(v.f_at_x_star, 9);
      for (const sample of v.samples) expect(fn.evaluate(sample.params)).toBeCloseTo(sample.value, 9);
    });
  }
});

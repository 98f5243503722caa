import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCHMARK_FUNCTIONS, benchmarkFunction } from '../../bench/functions';
import { validateParams, validateSpace } from '../../src/core/space';
import type { Params, SearchSpace } from '../../src/domain/space';

/** The team's reference values (a copy of shared/bench/test-vectors.json, kept in the repository so CI always checks them). */
const VECTORS = path.resolve(__dirname, '..', 'fixtures', 'bench-test-vectors.json');
/** The team's original, beside the repository in the developers' workspace (absent in a bare clone). */
const SHARED_VECTORS = path.resolve(__dirname, '..', '..', '..', 'shared', 'bench', 'test-vectors.json');

interface Vector {
  space: SearchSpace;
  f_star: number;
  x_star: Params;
  f_at_x_star: number;
  samples: { params: Params; value: number }[];
}

describe('regret-suite functions against the shared test vectors', () => {
  const vectors = (JSON.parse(readFileSync(VECTORS, 'utf8')) as { functions: Record<string, Vector> }).functions;

  const sharedCheck = existsSync(SHARED_VECTORS) ? it : it.skip;
  sharedCheck('the copy equals the shared original (skipped in a clone without ../shared)', () => {
    expect(JSON.parse(readFileSync(VECTORS, 'utf8'))).toEqual(JSON.parse(readFileSync(SHARED_VECTORS, 'utf8')));
  });

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

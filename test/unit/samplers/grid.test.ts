import fc from 'fast-check';
import { validateSpace } from '../../../src/core/space';
import { DomainError } from '../../../src/domain/errors';
import type { Params } from '../../../src/domain/space';
import { normalizeSamplerConfig, createSampler } from '../../../src/samplers/registry';
import { gridFactory, GridSampler } from '../../../src/samplers/grid';
import { IndexPermutation } from '../../../src/samplers/grid/index-permutation';
import { arbitrarySpace, conditionalSpace, expectInSpace, inputFor, paramsKey } from '../../../src/testing/sampler-kit';

function grid(space: ReturnType<typeof validateSpace>, options: Record<string, unknown> = {}): GridSampler {
  return createSampler(normalizeSamplerConfig({ type: 'grid', seed: 3, ...options }, space), space) as GridSampler;
}

async function drain(sampler: GridSampler, space: ReturnType<typeof validateSpace>): Promise<Params[]> {
  const out = await sampler.suggest(inputFor(space, { count: Number(sampler.size), trialCount: 0 }));
  return out.map((s) => s.params);
}

describe('grid sampler', () => {
  const small = validateSpace({
    a: { type: 'int', low: 0, high: 2 },
    b: { type: 'categorical', choices: ['x', 'y'] },
    c: { type: 'float', low: 0, high: 1 },
  });

  it('visits every combination exactly once, floats on grid_points values', async () => {
    const sampler = grid(small, { grid_points: 4 });
    expect(sampler.size).toBe(24n);
    const points = await drain(sampler, small);
    expect(new Set(points.map(paramsKey)).size).toBe(24);
    expect(new Set(points.map((p) => p['c'])).size).toBe(4);
    expect(points.map((p) => p['c'])).toContain(0);
    expect(points.map((p) => p['c'])).toContain(1);
  });

  it('counts and enumerates a conditional space branch by branch', async () => {
    const sampler = grid(conditionalSpace, { grid_points: 3 });
    // linear: alpha 3 x lr 3; tree: depth 12 x lr 3; net: layers{1: 1, 2: 3 dropout, 3: 3} x width 505 x lr 3
    const expected = (3 + 12 + (1 + 3 + 3) * 505) * 3;
    expect(sampler.size).toBe(BigInt(expected));
    const points = await drain(sampler, conditionalSpace);
    expect(new Set(points.map(paramsKey)).size).toBe(expected);
    for (const p of points.slice(0, 500)) expectInSpace(conditionalSpace, p);
  });

  it('parameters are in the space and conditional ones present exactly when active (random spaces)', async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySpace, fc.boolean(), fc.nat({ max: 1000 }), async (space, shuffle, trialCount) => {
        const sampler = grid(space, { shuffle, on_exhausted: 'random' });
        const out = await sampler.suggest(inputFor(space, { count: 3, trialCount }));
        expect(out).toHaveLength(3);
        for (const s of out) expectInSpace(space, s.params);
      }),
      { numRuns: 60 },
    );
  });

  it('a 2^30 grid is indexed lazily, plain and shuffled', async () => {
    const space = validateSpace(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`b${i}`, { type: 'categorical', choices: [0, 1] }])));
    const sampler = grid(space, { shuffle: true });
    expect(sampler.size).toBe(2n ** 30n);
    const out = await sampler.suggest(inputFor(space, { count: 5, trialCount: 2 ** 29 }));
    expect(new Set(out.map((s) => paramsKey(s.params))).size).toBe(5);
    const plain = await grid(space).suggest(inputFor(space, { trialCount: 2 ** 30 - 1 }));
    expect(Object.values(plain[0]!.params)).toEqual(Array(30).fill(1));
  });

  it('the shuffle is a seeded bijection', () => {
    const perm = new IndexPermutation(1000n, 42);
    const images = Array.from({ length: 1000 }, (_, i) => perm.at(BigInt(i)));
    expect(new Set(images).size).toBe(1000);
    expect(images.every((x) => x >= 0n && x < 1000n)).toBe(true);
    expect(images.slice(0, 20)).not.toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
    const other = new IndexPermutation(1000n, 43);
    expect(Array.from({ length: 20 }, (_, i) => other.at(BigInt(i)))).not.toEqual(images.slice(0, 20));
  });

  it('is reproducible and skips pending and already seen points', async () => {
    const sampler = grid(small, { shuffle: true });
    const first = await sampler.suggest(inputFor(small, { count: 4, trialCount: 0, studySeed: 5 }));
    const again = await grid(small, { shuffle: true }).suggest(inputFor(small, { count: 4, trialCount: 0, studySeed: 5 }));
    expect(again).toEqual(first);
    const withPending = await sampler.suggest(inputFor(small, { count: 2, trialCount: 0, studySeed: 5, pending: [first[0]!.params, first[1]!.params] }));
    expect(withPending.map((s) => s.params)).toEqual([first[2]!.params, first[3]!.params]);
  });

  it('explicit value lists replace the float grid and are validated', async () => {
    const sampler = grid(small, { values: { c: [0.25, 0.5] } });
    expect(sampler.size).toBe(12n);
    const points = await drain(sampler, small);
    expect(new Set(points.map((p) => p['c']))).toEqual(new Set([0.25, 0.5]));
    const fieldOf = (options: Record<string, unknown>): string | undefined => {
      try {
        normalizeSamplerConfig({ type: 'grid', ...options }, small);
      } catch (e) {
        return (e as DomainError).field;
      }
      return undefined;
    };
    expect(fieldOf({ values: { c: [2] } })).toBe('sampler.values.c');
    expect(fieldOf({ values: { a: [1.5] } })).toBe('sampler.values.a');
    expect(fieldOf({ values: { zz: [1] } })).toBe('sampler.values.zz');
    expect(fieldOf({ values: { b: ['x', 'x'] } })).toBe('sampler.values.b');
    expect(fieldOf({ grid_points: 1 })).toBe('sampler.grid_points');
    expect(fieldOf({ on_exhausted: 'loop' })).toBe('sampler.on_exhausted');
    expect(fieldOf({ bogus: 1 })).toBe('sampler.bogus');
    expect(gridFactory.type).toBe('grid');
  });

  it('says grid_exhausted when done, or falls back to random when allowed', async () => {
    await expect(grid(small, { grid_points: 4 }).suggest(inputFor(small, { trialCount: 24 }))).rejects.toMatchObject({ code: 'grid_exhausted' });
    const out = await grid(small, { grid_points: 4, on_exhausted: 'random' }).suggest(inputFor(small, { trialCount: 24, count: 2 }));
    expect(out[0]!.reason.fallback).toMatch(/exhausted/);
    for (const s of out) expectInSpace(small, s.params);
  });
});

import { Rng, mixSeeds } from '../../../src/core/rng';

describe('Rng', () => {
  it('repeats its stream for a seed and differs across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.next())(new Rng(seed)));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(2 ** 32 + 1)).not.toEqual(draw(1));
  });

  it('copies a stream mid-way (with a cached normal): the copy repeats it, independently', () => {
    const rng = new Rng(9);
    rng.next();
    rng.normal();
    const twin = rng.copy();
    const ahead = [rng.normal(), rng.next(), rng.normal()];
    expect([twin.normal(), twin.next(), twin.normal()]).toEqual(ahead);
    expect(rng.next()).toBe(twin.next());
  });

  it('draws uniforms on [0, 1) with the right mean and variance', () => {
    const rng = new Rng(7);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      low = Math.min(low, u);
      high = Math.max(high, u);
      sum += u;
      sq += u * u;
    }
    // One expect per bound, not per draw: 200,000 expect calls took 27 s.
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals', () => {
    const rng = new Rng(11);
    const n = 100_000;
    const xs = Array.from({ length: n }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(mean).toBeCloseTo(0, 1);
    expect(variance).toBeCloseTo(1, 1);
    expect(xs.filter((x) => Math.abs(x) > 1.96).length / n).toBeCloseTo(0.05, 2);
  });

  it('picks integers uniformly and shuffles into a permutation', () => {
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(rng.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('mixes seeds order-sensitively into 32-bit integers', () => {
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(2, 1));
    expect(mixSeeds(1, 2)).toBe(mixSeeds(1, 2));
    expect(Number.isInteger(mixSeeds(5, 1e12))).toBe(true);
    expect(mixSeeds(5, 1e12)).toBeLessThan(2 ** 32);
  });
});

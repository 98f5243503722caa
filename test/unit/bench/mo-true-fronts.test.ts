import { hypervolume } from '../../../src/core/pareto/hypervolume';
import { Rng } from '../../../src/core/rng';
import { DTLZ2, ZDT1, dtlz2Hypervolume3, zdt1Hypervolume } from '../../../bench/problems/multi-objective';
import { denseFront, linspace } from '../../../bench/problems/dense-front';
import { DENSE_GRID_PROBLEMS, trueFrontEntries } from '../../../bench/problems/true-fronts';
import { MO_BENCH_PROBLEMS } from '../../../bench/problems';

describe('true hypervolumes of the bench:mo problems', () => {
  it('ZDT1: r1 r2 - 1/3 (2/3 for (1, 1)), matched by the exact hypervolume of 2001 evaluated front points', () => {
    expect(zdt1Hypervolume([1, 1])).toBeCloseTo(2 / 3, 15);
    expect(ZDT1.trueHypervolume).toBeCloseTo(121 - 1 / 3, 12);
    const front = linspace(0, 1, 2001).map((t) => {
      const values = ZDT1.evaluate({ x0: t, x1: 0, x2: 0, x3: 0, x4: 0, x5: 0 });
      return [values.get('f1') as number, values.get('f2') as number];
    });
    const sampled = hypervolume(front, [1, 1]);
    // The staircase of n front points misses about 1 / (2n) of the area under a unit front.
    expect(sampled).toBeLessThan(2 / 3);
    expect(2 / 3 - sampled).toBeLessThan(3e-4);
    expect(hypervolume(front, ZDT1.reference) - sampled).toBeCloseTo(ZDT1.trueHypervolume - 2 / 3, 12);
  });

  it('DTLZ2 (3 objectives): r^3 - pi / 6, matched by a seeded Monte-Carlo count of box points outside the unit ball', () => {
    expect(DTLZ2.trueHypervolume).toBeCloseTo(1.331 - Math.PI / 6, 15);
    const rng = new Rng(13);
    const n = 200_000;
    let outside = 0;
    for (let i = 0; i < n; i++) if (Math.hypot(1.1 * rng.next(), 1.1 * rng.next(), 1.1 * rng.next()) >= 1) outside++;
    const estimate = (1.331 * outside) / n;
    // Standard error of the estimate: 1.331 sqrt(p (1 - p) / n), about 1.5e-3: four of them.
    expect(Math.abs(estimate - dtlz2Hypervolume3(1.1))).toBeLessThan(6e-3);
    const angles = linspace(0, 1, 12);
    const sphere = angles.flatMap((a) => angles.map((b) => {
      const values = DTLZ2.evaluate({ x0: a, x1: b, x2: 0.5, x3: 0.5, x4: 0.5, x5: 0.5 });
      return ['f1', 'f2', 'f3'].map((name) => values.get(name) as number);
    }));
    const sampled = hypervolume(sphere, DTLZ2.reference);
    expect(sampled).toBeLessThan(DTLZ2.trueHypervolume);
    expect(sampled).toBeGreaterThan(DTLZ2.trueHypervolume - 0.1);
  });

  it('the cached dense-grid fronts: one per problem without an analytic front, for its reference, converged', () => {
    const entries = trueFrontEntries();
    const dense = MO_BENCH_PROBLEMS.filter((p) => p.kind === 'pareto' && p.hypervolumeSource === 'dense grid');
    expect([...entries.keys()].sort()).toEqual(dense.map((p) => p.name).sort());
    for (const { definition } of DENSE_GRID_PROBLEMS) {
      const entry = entries.get(definition.name)!;
      expect(entry.reference).toEqual(definition.reference);
      // The half grid finds a subset's worth of front: a little less, and within 0.1% of the full one.
      expect(entry.halfGridHypervolume).toBeLessThanOrEqual(entry.hypervolume);
      expect(entry.hypervolume - entry.halfGridHypervolume).toBeLessThan(1e-3 * entry.hypervolume);
    }
  });

  it.each(DENSE_GRID_PROBLEMS.map((p) => [p.definition.name, p] as const))('%s: an independent coarse enumeration (51 points per axis, refined once) is below the cached hypervolume, by less than 3%', (_name, { definition, grid }) => {
    const cached = trueFrontEntries().get(definition.name)!.hypervolume;
    const coarse = denseFront(definition, grid(51), 1).hypervolume;
    expect(coarse).toBeLessThanOrEqual(cached);
    expect(coarse).toBeGreaterThan(cached * 0.97);
  });

  it("branin_currin's cached hypervolume is at least BoTorch's published max_hv for reference (18, 6), 59.3601", () => {
    const cached = trueFrontEntries().get('branin_currin')!.hypervolume;
    expect(cached).toBeGreaterThanOrEqual(59.36011874867746);
    expect(cached).toBeLessThan(59.36011874867746 + 0.1);
  });
});

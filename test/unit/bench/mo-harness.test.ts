import { MO_BENCH_PROBLEMS, moBenchProblem } from '../../../bench/problems';
import { observed, runMoOptimization } from '../../../bench/mo/harness';
import { runMoBenchmark } from '../../../bench/mo/run';
import { problemTable } from '../../../bench/mo/table';
import { targetLines } from '../../../bench/mo/targets';

describe('bench:mo harness', () => {
  it('hands samplers what the service would: losses and constraint slacks (g <= 0 feasible) in spec order', () => {
    const bnh = moBenchProblem('bnh');
    expect(observed(bnh, 3, { x0: 0, x1: 0 }, bnh.evaluate({ x0: 0, x1: 0 }))).toEqual({ number: 3, params: { x0: 0, x1: 0 }, loss: 0, losses: [0, 50], constraints: [0, 7.7 - 73] });
    const gardner = moBenchProblem('gardner');
    expect(observed(gardner, 0, { x0: 0, x1: 0 }, gardner.evaluate({ x0: 0, x1: 0 })).constraints).toEqual([0.5]);
  });

  it('is deterministic per seed, and the hypervolume gap never grows', async () => {
    const problem = moBenchProblem('branin_currin');
    const a = await runMoOptimization('random', problem, 15, 4, 2000);
    const b = await runMoOptimization('random', problem, 15, 4, 2000);
    expect(a.gap).toEqual(b.gap);
    for (let i = 1; i < a.gap.length; i++) expect(a.gap[i]).toBeLessThanOrEqual(a.gap[i - 1]!);
  });

  it('smoke: random, 1 seed, budget 10 on every problem gives the report, tables and target lines', async () => {
    const report = await runMoBenchmark({ problems: MO_BENCH_PROBLEMS, samplers: ['random'], seeds: [0], budget: 10, deadlineMs: 2000 });
    expect(report.checkpoints).toEqual([10]);
    expect(report.problems.map((p) => p.problem)).toEqual(MO_BENCH_PROBLEMS.map((p) => p.name));
    for (const [i, summary] of report.problems.entries()) {
      const problem = MO_BENCH_PROBLEMS[i]!;
      const [random] = summary.samplers;
      expect(summary.samplers).toHaveLength(1);
      expect(random!.checkpoints).toEqual([expect.objectContaining({ evaluations: 10 })]);
      const at10 = random!.checkpoints[0]!;
      if (problem.kind === 'pareto') {
        expect(at10.median).toBeLessThanOrEqual(Math.log10(problem.trueHypervolume) + 1e-12);
        expect(random!.medianEvaluationsToTarget).toBeUndefined();
      } else {
        expect(random!.medianEvaluationsToTarget).toBeDefined();
      }
      expect(at10.worst).toBeGreaterThanOrEqual(at10.median);
      if (problem.spec.constraints.length === 0) expect(random!.feasibleShare).toBeNull();
      else expect(random!.feasibleShare).toBeGreaterThanOrEqual(0);
      expect(random!.feasibleShare ?? 0).toBeLessThanOrEqual(1);
      expect(random!.finalBySeed).toHaveLength(1);
      expect(problemTable(summary, report.checkpoints)).toHaveLength(3);
    }
    const targets = targetLines(report, null);
    expect(targets).toHaveLength(MO_BENCH_PROBLEMS.length + 3 + 2 + 1);
    expect(targets.every((line) => line.includes('not judged'))).toBe(true);
  });
});

describe('bench:mo target lines', () => {
  const stats = (evaluations: number, median: number): { evaluations: number; median: number; mean: number; worst: number } => ({ evaluations, median, mean: median, worst: median });
  const sampler = (name: string, at60: number, at100: number, toTarget?: number) => ({
    sampler: name, checkpoints: [stats(40, at60 + 0.5), stats(60, at60), stats(100, at100)], feasibleShare: 1, msPerAsk: 1, deadlineFallbacks: 0, finalBySeed: [at100],
    ...(toTarget === undefined ? {} : { medianEvaluationsToTarget: toTarget }),
  });

  it('judges each target from the medians: met, MISSED, with the numbers', () => {
    const report = {
      budget: 100, seeds: [0], checkpoints: [40, 60, 100],
      problems: [
        { problem: 'zdt1', about: 'ZDT1', kind: 'pareto' as const, measure: 'log10 HV gap', samplers: [sampler('gp', -2, -3), sampler('genetic', -1, -1.5), sampler('tpe', -1, -1), sampler('random', -0.5, -0.6)] },
        { problem: 'gardner', about: 'Gardner', kind: 'constrained' as const, measure: 'log10 regret', samplers: [sampler('gp', -1, -2, 55), sampler('genetic', -2, -2, 80), sampler('tpe', -1, -1, Infinity), sampler('random', 0, 0, Infinity)] },
      ],
    };
    const lines = targetLines(report, { sampler: 'gp', trials: 200, asksMs: [100, 400, 500], medianMs: 400, meanMs: 333, fallbacks: [] });
    expect(lines).toEqual([
      'gp beats genetic, tpe and random at 60 on zdt1: met (median log10 HV gap: gp -2.00; genetic -1.00, tpe -1.00, random -0.50)',
      'gp beats genetic, tpe and random at 60 on gardner: MISSED (median log10 regret: gp -1.00; genetic -2.00, tpe -1.00, random 0.00)',
      "gp's HV gap at 60 <= half of genetic's at 100 on zdt1: met (median log10 gap: gp@60 -2.00, genetic@100 -1.50, half of it -1.80)",
      'gp within 0.001 of the feasible optimum in <= 40 evaluations on gardner: MISSED (median evaluations 55; median log10 regret @40 -0.50)',
      'ask latency at 200 trials, 2 objectives, 1 constraint <= 300 ms: MISSED (gp: median 400 ms over 3 asks)',
    ]);
  });
});

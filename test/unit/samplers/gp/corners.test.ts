import { cornerRun, onCorner, TRAINING_LOSSES, TRAINING_SPACE } from '../../../../bench/corners';

describe('gp suggestions on a training-like study with three workers (issue 10, corners)', () => {
  it('counts a corner only where two or more numeric parameters sit on a bound', () => {
    expect(onCorner(TRAINING_SPACE, { lr: 1e-5, dropout: 0.8, layers: 3, act: 'relu' })).toBe(true);
    expect(onCorner(TRAINING_SPACE, { lr: 1e-5, dropout: 0.4, layers: 6, act: 'relu' })).toBe(true);
    expect(onCorner(TRAINING_SPACE, { lr: 1e-5, dropout: 0.4, layers: 3, act: 'tanh' })).toBe(false);
    expect(onCorner(TRAINING_SPACE, { lr: 3e-3, dropout: 0.2, layers: 2, act: 'relu' })).toBe(false);
  });

  // NOTE: seed 0 was not used to develop the corner bench (16-23 were). Over seeds 0-7 main
  // measured 0.084 (bowl) and 0.063 (interacting), the code before the fitted prior mean 0.097 and
  // 0.119, random search 0.003; the issue reported a third. A run of 80 asks of a 4-parameter GP
  // takes about 16 s of CPU, so the suite runs one seed per loss (bench/corners.ts runs more); the
  // timeout allows for a machine shared by several jobs.
  it('after trial 40, at most a fifth of the suggestions sit on a corner (seed 0, 80 trials)', async () => {
    const shares: number[] = [];
    for (const loss of TRAINING_LOSSES.filter((l) => l.name !== 'diverging')) {
      for (const seed of [0]) {
        const run = await cornerRun('gp-ei', loss.f, seed);
        shares.push(run.share);
        expect(run.best).toBeLessThanOrEqual(1.05 * loss.fMin);
      }
    }
    expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeLessThanOrEqual(0.2);
  }, 1800000);
});

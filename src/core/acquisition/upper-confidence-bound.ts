import type { Posterior } from './posterior';
import { PosteriorScore, type ScoreWithSlopes } from './posterior-score';

/**
 * Confidence bound for minimisation, as a value to maximise: sqrt(beta) * sd(x) - mean(x)
 * (the negated lower confidence bound), in the posterior's target units.
 */
export class UpperConfidenceBound extends PosteriorScore {
  private readonly rootBeta: number;

  constructor(posterior: Posterior, beta: number) {
    super(posterior);
    this.rootBeta = Math.sqrt(beta);
  }

  protected score(mean: number, sd: number): number {
    return this.rootBeta * sd - mean;
  }

  protected scoreWithSlopes(mean: number, sd: number): ScoreWithSlopes {
    return { value: this.rootBeta * sd - mean, gradient: (dMean, dVar) => (this.rootBeta * dVar) / (2 * sd) - dMean };
  }
}

import type { Acquisition } from './acquisition';
import type { SamplePath } from './posterior';

/** Weight of the sum term of the augmented Chebyshev scalarisation (keeps weakly dominated points out). */
const AUGMENTATION = 0.05;
/**
 * Temperature of the smooth maximum SMOOTHING log sum_j exp(t_j / SMOOTHING) that stands in for
 * max_j t_j (at most SMOOTHING log m above it). NOTE: a Chebyshev optimum sits where the weighted
 * terms tie, on the kink of the max, where L-BFGS zigzags: on a 2-objective bowl a Thompson ask
 * took 3,846 acquisition gradients with the plain max.
 */
const SMOOTHING = 0.02;
/**
 * Offset below every feasible value given to points estimated infeasible, so that any point
 * estimated feasible beats them and among them the smaller total violation wins. NOTE: feasible
 * values are scalarised standardised targets, of order 1-10.
 */
const INFEASIBLE = 1e6;

/** One outcome estimate per objective and constraint, with the scalarisation's constants. */
export interface ChebyshevSettings {
  /** Per objective: an estimate of its loss at x in its target units (a sample path or a bound). */
  objectives: SamplePath[];
  /** Per objective: weight >= 0 (a random point of the simplex). */
  weights: number[];
  /** Per objective: the ideal (lowest observed) target and a positive scale (the observed range). */
  ideal: number[];
  scale: number[];
  /** Per constraint: an estimate of its slack at x in its target units, feasible at <= threshold. */
  constraints: SamplePath[];
  thresholds: number[];
}

/**
 * A random-scalarisation acquisition (Paria et al. 2019) over estimates of every outcome, to
 * maximise: minus the augmented Chebyshev scalarisation, with t_j = w_j (e_j(x) - ideal_j) / scale_j,
 *   max_j t_j + 0.05 sum_j t_j   (the max smoothed, see SMOOTHING)
 * where every constraint estimate holds, and -(1e6 + total violation) elsewhere. With sample paths
 * as estimates it is Thompson sampling for several objectives (each point of a batch draws its own
 * paths and weights, so a batch spreads along the front); with lower confidence bounds, UCB. One
 * objective (weight 1) reduces to the plain acquisition with constraints on the estimates.
 */
export class ChebyshevScalarized implements Acquisition {
  private readonly scratch: Float64Array[];

  constructor(private readonly settings: ChebyshevSettings) {
    this.scratch = [...settings.objectives, ...settings.constraints].map(() => new Float64Array(0));
  }

  values(points: Float64Array[]): Float64Array {
    return Float64Array.from(points, (x) => this.value(x));
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const s = this.settings;
    const slope = (i: number): Float64Array | undefined => {
      if (!grad) return undefined;
      if (this.scratch[i]?.length !== grad.length) this.scratch[i] = new Float64Array(grad.length);
      return this.scratch[i];
    };
    const m = s.objectives.length;
    let violation = 0;
    grad?.fill(0);
    s.constraints.forEach((estimate, c) => {
      const g = slope(m + c);
      const excess = estimate.value(x, g) - (s.thresholds[c] as number);
      if (excess <= 0) return;
      violation += excess;
      if (grad && g) for (let f = 0; f < grad.length; f++) grad[f] = (grad[f] as number) - (g[f] as number);
    });
    if (violation > 0) return -(INFEASIBLE + violation);
    const factors = s.objectives.map((_, j) => (s.weights[j] as number) / (s.scale[j] as number));
    const terms = s.objectives.map((estimate, j) => (factors[j] as number) * (estimate.value(x, slope(j)) - (s.ideal[j] as number)));
    const top = Math.max(...terms);
    const shares = terms.map((t) => Math.exp((t - top) / SMOOTHING));
    const total = shares.reduce((a, b) => a + b, 0);
    if (grad) {
      factors.forEach((factor, j) => {
        const g = this.scratch[j] as Float64Array;
        const c = factor * ((shares[j] as number) / total + AUGMENTATION);
        for (let f = 0; f < grad.length; f++) grad[f] = (grad[f] as number) - c * (g[f] as number);
      });
    }
    const smoothMax = top + SMOOTHING * Math.log(total);
    return -(smoothMax + AUGMENTATION * terms.reduce((a, b) => a + b, 0));
  }
}

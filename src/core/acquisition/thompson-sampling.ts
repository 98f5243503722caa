import type { Rng } from '../rng';
import type { Acquisition } from './acquisition';
import type { Posterior, SamplePath } from './posterior';

/**
 * Thompson sampling: one joint draw f of the posterior (Posterior.samplePath); the value to
 * maximise is -f(x) (losses are minimised). Each instance is an independent draw from its rng.
 */
export class ThompsonSample implements Acquisition {
  private readonly path: SamplePath;

  constructor(posterior: Posterior, rng: Rng) {
    this.path = posterior.samplePath(rng);
  }

  values(points: Float64Array[]): Float64Array {
    return Float64Array.from(points, (x) => this.value(x));
  }

  value(x: Float64Array, grad?: Float64Array): number {
    const f = this.path.value(x, grad);
    if (grad) for (let k = 0; k < grad.length; k++) grad[k] = -(grad[k] as number);
    return -f;
  }
}

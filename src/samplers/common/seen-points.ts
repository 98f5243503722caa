import type { Params } from '../../domain/space';
import type { SamplerInput } from '../sampler';

/**
 * A canonical string for a configuration: parameter names sorted, values JSON-typed, so two
 * params objects get the same key exactly when they hold the same values.
 */
export function paramsKey(params: Params): string {
  return JSON.stringify(Object.keys(params).sort().map((name) => [name, params[name]]));
}

/**
 * The configurations a sampler must not suggest again in one ask: finished (complete and pruned)
 * trials, other workers' pending points and the suggestions already made in this batch.
 */
export class SeenPoints {
  private readonly keys = new Set<string>();

  /** Starts from every configuration of the input's history and pending list. */
  static fromInput(input: SamplerInput): SeenPoints {
    const seen = new SeenPoints();
    for (const t of input.completed) seen.add(t.params);
    for (const t of input.pruned) seen.add(t.params);
    for (const p of input.pending) seen.add(p);
    return seen;
  }

  /** Records a configuration. */
  add(params: Params): void {
    this.keys.add(paramsKey(params));
  }

  /** True when this exact configuration was recorded. */
  has(params: Params): boolean {
    return this.keys.has(paramsKey(params));
  }
}

import { DomainError, Rng, decodeUnitPoint, defineSampler, encodeUnitPoint, sampleParams, type Params, type PluginRegistry, type Sampler, type SamplerInput, type Suggestion } from 'baytune';

/**
 * A third-party sampler, written against the public API only: Gaussian steps around the best
 * trial in the unit cube (inactive coordinates drawn uniformly, so a step may switch a branch on),
 * after `n_startup` random draws. `baytune --plugin ./perturb-best-sampler.js serve` makes
 * `{"sampler": {"type": "perturb-best", "scale": 0.1}}` available to every client; the suite
 * `samplerContract('perturb-best', ...)` of `baytune/testing` checks it keeps the sampler contract.
 */
export interface PerturbBestOptions {
  /** Standard deviation of a step, in unit-cube coordinates: (0, 1]. Default 0.1. */
  scale: number;
  /** Random draws before the first step. Default 5. */
  n_startup: number;
}

/** Draws tried per suggestion before accepting a configuration already seen. */
const ATTEMPTS = 32;

class PerturbBestSampler implements Sampler {
  readonly type = 'perturb-best';

  constructor(private readonly options: PerturbBestOptions) {}

  async suggest(input: SamplerInput): Promise<Suggestion[]> {
    const rng = new Rng(input.seed);
    const best = input.completed.length < this.options.n_startup ? undefined : input.completed.reduce((a, b) => (b.loss < a.loss ? b : a));
    const seen = new Set([...input.completed.map((t) => t.params), ...input.pending].map(keyOf));
    const out: Suggestion[] = [];
    while (out.length < input.count) {
      let params = this.draw(input, best?.params, rng);
      for (let attempt = 1; attempt < ATTEMPTS && seen.has(keyOf(params)); attempt++) params = this.draw(input, best?.params, rng);
      seen.add(keyOf(params));
      out.push({ params, reason: { strategy: this.type, ...(best ? {} : { fallback: 'startup: random draws' }) } });
    }
    return out;
  }

  private draw(input: SamplerInput, centre: Params | undefined, rng: Rng): Params {
    if (!centre) return sampleParams(input.space, rng);
    const unit = encodeUnitPoint(input.space, centre, () => rng.next());
    return decodeUnitPoint(input.space, unit.map((u) => Math.min(1, Math.max(0, u + this.options.scale * rng.normal()))));
  }
}

/** A configuration as a string with the names sorted, for "seen before". */
function keyOf(params: Params): string {
  return JSON.stringify(Object.keys(params).sort().map((name) => [name, params[name]]));
}

function numberOption(raw: Record<string, unknown>, name: keyof PerturbBestOptions, fallback: number, ok: (n: number) => boolean, what: string): number {
  const value = raw[name] ?? fallback;
  if (typeof value !== 'number' || !ok(value)) throw new DomainError('invalid_sampler', `sampler option "${name}" must be ${what}`, `sampler.${name}`);
  return value;
}

/** The registry entry: options checked at study creation (a 400 naming the option), defaults filled in. */
export const perturbBestFactory = defineSampler({
  type: 'perturb-best',
  description: 'Example plugin: Gaussian steps around the best trial in the unit cube.',
  options(raw): PerturbBestOptions {
    const unknown = Object.keys(raw).find((k) => k !== 'scale' && k !== 'n_startup');
    if (unknown !== undefined) throw new DomainError('invalid_sampler', `unknown sampler option "${unknown}"; perturb-best takes scale, n_startup`, `sampler.${unknown}`);
    return {
      scale: numberOption(raw, 'scale', 0.1, (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
      n_startup: numberOption(raw, 'n_startup', 5, (n) => Number.isInteger(n) && n >= 0 && n <= 1000, 'an integer in [0, 1000]'),
    };
  },
  build: (options) => new PerturbBestSampler(options),
});

/** The plugin entry `--plugin` and loadPlugins call. */
export function register(registry: PluginRegistry): void {
  registry.registerSampler(perturbBestFactory);
}

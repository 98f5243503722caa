import { DomainError, definePruner, type PluginRegistry } from 'baytune';

/**
 * A third-party pruner, written against the public API only: stops a trial as soon as its
 * reported loss (the value, negated for maximize studies) exceeds `max_loss` at or after step
 * `min_step`. `{"pruner": {"type": "loss-ceiling", "max_loss": 2.5}}` once the plugin is loaded.
 */
export const lossCeilingPrunerFactory = definePruner({
  type: 'loss-ceiling',
  description: 'Example plugin: prunes a trial whose reported loss exceeds max_loss (from min_step on).',
  options(raw): { max_loss: number; min_step: number } {
    const unknown = Object.keys(raw).find((k) => k !== 'max_loss' && k !== 'min_step');
    if (unknown !== undefined) throw new DomainError('invalid_pruner', `pruner "loss-ceiling" has no option "${unknown}"`, `pruner.${unknown}`);
    const maxLoss = raw.max_loss;
    if (typeof maxLoss !== 'number' || !Number.isFinite(maxLoss)) throw new DomainError('invalid_pruner', 'pruner option "max_loss" must be a finite number', 'pruner.max_loss');
    const minStep = raw.min_step ?? 0;
    if (typeof minStep !== 'number' || !Number.isInteger(minStep) || minStep < 0) throw new DomainError('invalid_pruner', 'pruner option "min_step" must be a non-negative integer', 'pruner.min_step');
    return { max_loss: maxLoss, min_step: minStep };
  },
  build: (options) => ({
    type: 'loss-ceiling',
    shouldPrune: ({ trial, step }) => step >= options.min_step && (trial.values.find((v) => v.step === step)?.value ?? -Infinity) > options.max_loss,
  }),
});

/** The plugin entry `--plugin` and loadPlugins call. */
export function register(registry: PluginRegistry): void {
  registry.registerPruner(lossCeilingPrunerFactory);
}

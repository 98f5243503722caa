import { TFJS_BACKENDS, type TrainerOptions } from '../trainer/trainer';

/**
 * The bundled trainers' settings the CLI still takes from the documented environment variables;
 * trainers themselves read no environment: they get these as TrainerOptions.settings.
 */
const SETTING_ENV: ReadonlyArray<readonly [setting: string, variable: string]> = [
  ['dataset', 'BAYTUNE_MLP_DATASET'],
  ['train_per_digit', 'BAYTUNE_MNIST_TRAIN'],
  ['validation_per_digit', 'BAYTUNE_MNIST_VALIDATION'],
  ['downsample', 'BAYTUNE_MNIST_DOWNSAMPLE'],
  ['arch_per_digit', 'BAYTUNE_DARTS_ARCH'],
  ['search_batch_size', 'BAYTUNE_DARTS_BATCH'],
  ['retrain_epochs', 'BAYTUNE_DARTS_RETRAIN_EPOCHS'],
];

/**
 * The typed options `baytune run` builds its trainer with: `--backend` (else BAYTUNE_TFJS_BACKEND,
 * else auto) and the settings of SETTING_ENV that are set. Throws naming the valid backends.
 */
export function trainerOptionsFrom(backendFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): TrainerOptions {
  const backend = backendFlag ?? (env.BAYTUNE_TFJS_BACKEND || 'auto');
  if (backend !== 'auto' && !(TFJS_BACKENDS as readonly string[]).includes(backend)) {
    throw new Error(`--backend (or BAYTUNE_TFJS_BACKEND) must be auto, ${TFJS_BACKENDS.join(', ')} (got "${backend}")`);
  }
  const settings = Object.fromEntries(SETTING_ENV.flatMap(([setting, variable]) => (env[variable] ? [[setting, env[variable] as string]] : [])));
  return { backend: backend as TrainerOptions['backend'], settings };
}

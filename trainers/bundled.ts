import type { Trainer } from './trainer';
import { cnnTrainerFromEnv } from './cnn';
import { dartsTrainerFromEnv } from './darts';
import { mlpTrainerFromEnv } from './mlp';
import { regressionTrainer } from './regression';

/** A trainer `baytune run --trainer <name>` knows by name; built on demand (its env settings are checked then). */
export interface BundledTrainer {
  name: string;
  create(): Trainer;
}

/** The bundled trainers by name: mlp, cnn, regression, darts. */
export const BUNDLED_TRAINERS: readonly BundledTrainer[] = [
  { name: 'mlp', create: mlpTrainerFromEnv },
  { name: 'cnn', create: cnnTrainerFromEnv },
  { name: 'regression', create: () => regressionTrainer },
  { name: 'darts', create: dartsTrainerFromEnv },
];

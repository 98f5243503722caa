import type { Trainer } from './trainer';
import { cnnTrainer } from './cnn';
import { mlpTrainer } from './mlp';
import { regressionTrainer } from './regression';

/** The trainers `baytune run --trainer <name>` knows by name. */
export const BUNDLED_TRAINERS: readonly Trainer[] = [mlpTrainer, cnnTrainer, regressionTrainer];
